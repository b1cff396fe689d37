#!/bin/sh
# `researchsite tutorials fetch-reports`: fetch the newest tutorial reports that CI kept, into reports/tutorials/, so that a build that
# does not run the checks (site.yml) still shows their results.
#
# tutorials.yml uploads the gathered reports as the artifact `tutorial-reports` on each run (every
# file as the checker names it: <id>.json for a tutorial's first image, <id>@<image>.json for its
# others, all taken as they are); this
# takes the newest one from the default branch that has not expired, with `gh` and the job's
# GITHUB_TOKEN (actions: read). With none (a new fork, artifacts past their 90 days) it leaves
# reports/tutorials/ alone and says so: the pages then say "Not verified yet". Never fails the
# build for want of reports.
#
#   GH_TOKEN, GITHUB_REPOSITORY   as in any GitHub Actions job
#   BRANCH                        the branch whose checks count (default: the repository's default)
#   REPORTS                       where to put them (default: reports/tutorials)
set -u

REPORTS=${REPORTS:-reports/tutorials}
REPO=${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is not set}
ARTIFACT=tutorial-reports

if [ -z "${BRANCH:-}" ]; then
    BRANCH=$(gh api "repos/$REPO" --jq .default_branch) || { echo "fetch-tutorial-reports: cannot ask GitHub for $REPO's default branch; building without reports"; exit 0; }
fi
# Newest first; the first on $BRANCH that has not expired.
run=$(gh api "repos/$REPO/actions/artifacts?name=$ARTIFACT&per_page=100" \
    --jq "[.artifacts[] | select(.expired == false and .workflow_run.head_branch == \"$BRANCH\")][0].workflow_run.id // empty") \
    || { echo "fetch-tutorial-reports: cannot list $REPO's artifacts; building without reports"; exit 0; }
if [ -z "$run" ]; then
    echo "fetch-tutorial-reports: no '$ARTIFACT' artifact from $BRANCH yet (tutorials.yml has not run there, or its reports expired); the pages will say 'Not verified yet'"
    exit 0
fi
mkdir -p "$REPORTS"
if gh run download "$run" --repo "$REPO" --name "$ARTIFACT" --dir "$REPORTS"; then
    echo "fetch-tutorial-reports: the reports of run $run ($BRANCH) are in $REPORTS:"
    ls "$REPORTS"
else
    echo "fetch-tutorial-reports: could not download the reports of run $run; building without them"
fi
exit 0
