#!/usr/bin/env bash
# gh stand-in for the workflow simulation (installed as `gh` first on PATH): records every call in
# $SIM_GH_DIR/calls.jsonl and keeps the repository's pull requests in $SIM_GH_DIR/pulls.json, answering the `gh pr`
# commands the workflows use as gh 2.x does (its messages, exit codes and checks); anything else fails loudly.
set -euo pipefail
dir=${SIM_GH_DIR:?gh: this simulated run has no GitHub (SIM_GH_DIR unset)}
jq -cn --arg job "${GITHUB_JOB:-}" '{job: $job, args: $ARGS.positional}' --args -- "$@" >> "$dir/calls.jsonl"
if [ -z "${GH_TOKEN:-${GITHUB_TOKEN:-}}" ]; then
  echo 'gh: To use GitHub CLI in a GitHub Actions workflow, set the GH_TOKEN environment variable.' >&2
  exit 4
fi
pulls="$dir/pulls.json"
[ -f "$pulls" ] || echo '[]' > "$pulls"
if [ "${1:-}" != pr ] || [ $# -lt 2 ]; then
  echo "gh $*: not simulated" >&2
  exit 1
fi
cmd=$2
shift 2
unset head base title body json query
state=open
selector=
while [ $# -gt 0 ]; do
  case "$1" in
    -H|--head) head=$2; shift 2 ;;
    -B|--base) base=$2; shift 2 ;;
    -t|--title) title=$2; shift 2 ;;
    -b|--body) body=$2; shift 2 ;;
    -s|--state) state=$2; shift 2 ;;
    --json) json=$2; shift 2 ;;
    -q|--jq) query=$2; shift 2 ;;
    -*) echo "unknown flag: $1" >&2; exit 1 ;;
    *) selector=$1; shift ;;
  esac
done
url() { echo "https://github.com/$GITHUB_REPOSITORY/pull/$1"; }
case "$cmd" in
  list)
    if [ -z "${json:-}" ]; then
      echo 'gh pr list: only --json output is simulated' >&2
      exit 1
    fi
    found=$(jq -c --arg head "${head:-}" --arg state "$state" --arg fields "$json" '
      [.[] | select(($head == "" or .headRefName == $head) and ($state == "all" or .state == ($state | ascii_upcase)))
       | with_entries(select(.key as $k | $fields | split(",") | index($k)))]' "$pulls")
    if [ -n "${query:-}" ]; then jq -r "$query" <<< "$found"; else jq . <<< "$found"; fi
    ;;
  create)
    if [ -z "${title+x}" ] || [ -z "${body+x}" ]; then
      echo 'must provide `--title` and `--body` (or `--fill`) when not running interactively' >&2
      exit 1
    fi
    head=${head:-$(git rev-parse --abbrev-ref HEAD)}
    base=${base:-main}
    # GitHub refuses a pull request whose head branch was never pushed.
    if ! git ls-remote --exit-code --heads origin "$head" > /dev/null; then
      echo 'pull request create failed: GraphQL: Head ref must be a branch (createPullRequest)' >&2
      exit 1
    fi
    open=$(jq -r --arg h "$head" --arg b "$base" \
      '.[] | select(.headRefName == $h and .baseRefName == $b and .state == "OPEN") | .number' "$pulls")
    if [ -n "$open" ]; then
      printf 'a pull request for branch "%s" into branch "%s" already exists:\n%s\n' "$head" "$base" "$(url "$open")" >&2
      exit 1
    fi
    n=$(($(jq length "$pulls") + 1))
    jq --argjson n "$n" --arg h "$head" --arg b "$base" --arg t "$title" --arg body "$body" \
      '. + [{number: $n, headRefName: $h, baseRefName: $b, title: $t, body: $body, state: "OPEN"}]' \
      "$pulls" > "$pulls.new"
    mv "$pulls.new" "$pulls"
    url "$n"
    ;;
  edit)
    # A number, a URL or a branch name; for a branch, its open pull request first.
    if [[ "$selector" == https://* ]]; then selector=${selector##*/}; fi
    n=$(jq -r --arg s "$selector" '[.[] | select((.number | tostring) == $s or .headRefName == $s)]
      | ((map(select(.state == "OPEN")) + .)[0].number // empty)' "$pulls")
    if [ -z "$n" ]; then
      echo "no pull requests found for branch \"$selector\"" >&2
      exit 1
    fi
    jq --argjson n "$n" --arg t "${title-}" --arg b "${body-}" --arg st "${title+set}" --arg sb "${body+set}" \
      'map(if .number == $n then (if $st == "set" then .title = $t else . end) | (if $sb == "set" then .body = $b else . end) else . end)' \
      "$pulls" > "$pulls.new"
    mv "$pulls.new" "$pulls"
    url "$n"
    ;;
  *)
    echo "gh pr $cmd: not simulated" >&2
    exit 1
    ;;
esac
