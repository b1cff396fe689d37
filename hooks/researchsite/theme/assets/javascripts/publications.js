// Filter the publication list by text, kind, topic and year. The filter's state is the page's
// query string, so a filtered list can be shared and survives going to an earlier year's page.
// Without JavaScript the form is not shown and every paper is listed: nothing depends on this.
// Not "q": Material reads that one to open its own search with it.
const FIELDS = ["text", "kind", "topic", "year"];

// "kostic" finds "Kostić": case and accents are left out of both sides.
function folded(text) {
  return text.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
}

function researchsiteFilters() {
  const form = document.querySelector("form.rs-filter");
  if (!form || form.dataset.ready) return;
  form.dataset.ready = "yes";
  const papers = Array.from(document.querySelectorAll("ol.rs-papers > li.rs-paper")).map((element) => ({
    element,
    text: folded(
      Array.from(element.querySelectorAll(".rs-paper__title, .rs-paper__authors, .rs-paper__venue, .rs-venue-short, .rs-topic"))
        .map((part) => part.textContent)
        .join(" "),
    ),
  }));
  const count = form.querySelector(".rs-filter__count");
  const none = document.querySelector(".rs-filter__none");
  const total = papers.length;
  const toggle = form.querySelector(".rs-filter__toggle");
  if (toggle) {
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      form.classList.toggle("rs-filter--open", open);
    });
  }

  const params = new URLSearchParams(window.location.search);
  for (const name of FIELDS) {
    const field = form.elements[name];
    const value = params.get(name);
    // A value the page does not offer (a shared link to a topic since renamed) is dropped.
    if (field && value && (field.tagName !== "SELECT" || Array.from(field.options).some((o) => o.value === value))) {
      field.value = value;
    }
  }

  function state() {
    const values = {};
    for (const name of FIELDS) {
      const field = form.elements[name];
      values[name] = field ? field.value.trim() : "";
    }
    return values;
  }

  function apply() {
    const { text: q, kind, topic, year } = state();
    const words = folded(q).split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const { element, text } of papers) {
      const visible =
        (!kind || element.dataset.kind === kind) &&
        (!topic || element.dataset.topics.split(" ").includes(topic)) &&
        (!year || element.dataset.year === year) &&
        words.every((word) => text.includes(word));
      element.hidden = !visible;
      if (visible) shown++;
    }
    // A year the filter empties loses its heading, and its link in the row of years.
    for (const list of document.querySelectorAll("ol.rs-papers")) {
      const heading = list.previousElementSibling;
      const empty = !list.querySelector("li.rs-paper:not([hidden])");
      list.hidden = empty;
      if (heading && /^H[2-6]$/.test(heading.tagName)) {
        heading.hidden = empty;
        for (const link of document.querySelectorAll(`.rs-year-links a[href="#${CSS.escape(heading.id)}"]`)) {
          link.hidden = empty;
        }
      }
    }
    const filtered = Boolean(q || kind || topic || year);
    // As the page writes it before this runs (publications.md.j2): the same text, nothing moves.
    const all = `${total.toLocaleString("en")} publication${total === 1 ? "" : "s"}`;
    count.textContent = filtered ? `${shown.toLocaleString("en")} of ${all}` : all;
    // Folded on a phone, the filter says how many of its fields are in use: "Filter (2)".
    const active = [q, kind, topic, year].filter(Boolean).length;
    if (toggle) {
      toggle.querySelector(".rs-filter__active").textContent = active ? ` (${active})` : "";
      toggle.classList.toggle("rs-filter__toggle--active", active > 0);
    }
    if (none) none.hidden = shown > 0;

    const query = new URLSearchParams();
    for (const [name, value] of Object.entries({ text: q, kind, topic, year })) if (value) query.set(name, value);
    const search = query.toString() ? `?${query}` : "";
    history.replaceState(history.state, "", `${window.location.pathname}${search}${window.location.hash}`);
    // The other years' pages of a long list open with the same filter.
    for (const link of document.querySelectorAll(".rs-years a")) {
      const url = new URL(link.href);
      url.search = search;
      link.href = url.toString();
    }
  }

  function reset() {
    form.reset();
    apply();
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(apply));  // the fields are cleared after the event
  for (const button of document.querySelectorAll("button.rs-filter__reset:not([type=reset])")) {
    button.addEventListener("click", reset);
  }
  apply();
}

if (typeof document$ !== "undefined") {
  document$.subscribe(researchsiteFilters);  // Material's instant navigation swaps pages in place
} else {
  document.addEventListener("DOMContentLoaded", researchsiteFilters);
}
