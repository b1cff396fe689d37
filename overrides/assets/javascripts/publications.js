// Filter the publication list by kind and topic. Without JavaScript the form stays hidden
// and every paper is listed, so nothing depends on this file.
function researchsiteFilters() {
  const form = document.querySelector("form.rs-filter");
  if (!form || form.dataset.ready) return;
  form.dataset.ready = "yes";
  form.hidden = false;
  const papers = Array.from(document.querySelectorAll("ol.rs-papers > li.rs-paper"));
  const count = form.querySelector(".rs-filter__count");

  function apply() {
    const kind = form.elements.kind ? form.elements.kind.value : "";
    const topic = form.elements.topic ? form.elements.topic.value : "";
    let shown = 0;
    for (const paper of papers) {
      const topics = paper.dataset.topics.split(" ");
      const visible = (!kind || paper.dataset.kind === kind) && (!topic || topics.includes(topic));
      paper.hidden = !visible;
      if (visible) shown++;
    }
    // A year with no paper left loses its heading too.
    for (const list of document.querySelectorAll("ol.rs-papers")) {
      const heading = list.previousElementSibling;
      const empty = !list.querySelector("li.rs-paper:not([hidden])");
      list.hidden = empty;
      if (heading && /^H[2-6]$/.test(heading.tagName)) heading.hidden = empty;
    }
    count.textContent = `${shown} of ${papers.length} publications`;
  }

  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  apply();
}

if (typeof document$ !== "undefined") {
  document$.subscribe(researchsiteFilters);  // Material's instant navigation swaps pages in place
} else {
  document.addEventListener("DOMContentLoaded", researchsiteFilters);
}
