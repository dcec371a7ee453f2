#!/usr/bin/env bash
# Builds the kube-apiserver and etcd that the real-API-server test tier runs, from source with Go
# (no download site for release binaries is reachable), into the layout io.fabric8:kube-api-test
# reads:
#
#   ${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/<kubernetes version>-linux-amd64/
#       kube-apiserver   k8s.io/kubernetes cmd/kube-apiserver, CGO_ENABLED=0
#       etcd             go.etcd.io/etcd/server/v3 (etcdmain), CGO_ENABLED=0, client URLs on loopback
#       kubectl          a link to the machine's kubectl
#
# The versions are the ones pinned in hack/kube-apiserver/go.mod. Binaries that already report
# those versions are reused, so a second run takes a second or two. The test suite runs this script
# itself (Maven's process-test-classes phase and the tier's JUnit extension) when they are missing.
set -euo pipefail

module_dir="$(cd "$(dirname "$0")" && pwd)/kube-apiserver"

fail() {
  echo "hack/kube-apiserver.sh: $*" >&2
  exit 1
}

command -v go >/dev/null 2>&1 ||
  fail "Go is not installed. The real-API-server tests build kube-apiserver and etcd from source: install Go 1.24 or later and make sure the Go module proxy (GOPROXY) is reachable."
command -v kubectl >/dev/null 2>&1 ||
  fail "kubectl is not installed; kube-api-test runs it to wait for the API server. Install kubectl."

# Never let go download another toolchain behind our back: the machine's Go must do.
export GOTOOLCHAIN=local
export CGO_ENABLED=0

go_minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
if [[ ! "$go_minor" =~ ^[0-9]+$ ]] || ((go_minor < 24)); then
  fail "$(go env GOVERSION) is too old: k8s.io/kubernetes 1.34 needs Go 1.24 or later."
fi

required() { # the version go.mod requires for a module
  awk -v m="$1" '$1 == m && $2 ~ /^v/ {print $2; exit}' "$module_dir/go.mod"
}
kubernetes_version=$(required k8s.io/kubernetes)
etcd_version=$(required go.etcd.io/etcd/server/v3)
[[ -n "$kubernetes_version" && -n "$etcd_version" ]] ||
  fail "cannot read the pinned versions from $module_dir/go.mod"

goos=$(go env GOOS)
goarch=$(go env GOARCH)
test_dir="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"
out="$test_dir/k8s/${kubernetes_version#v}-$goos-$goarch"
mkdir -p "$out"

# Two test runs on one machine must not build into the same files at once.
exec 9>"$out/.build.lock"
if ! flock -n 9; then
  echo "kube-apiserver.sh: another build into $out is running; waiting for it"
  flock 9
fi

reports() { # binary, the version it must print
  [[ -x "$1" ]] && "$1" --version 2>/dev/null | grep -qF "$2"
}

kubectl_path=$(command -v kubectl)
if [[ "$(readlink "$out/kubectl" 2>/dev/null)" != "$kubectl_path" ]]; then
  ln -sfn "$kubectl_path" "$out/kubectl"
  echo "kubectl: linked $out/kubectl -> $kubectl_path"
fi

need_apiserver=true
need_etcd=true
if reports "$out/kube-apiserver" "Kubernetes $kubernetes_version"; then
  need_apiserver=false
  echo "kube-apiserver $kubernetes_version: reusing $out/kube-apiserver"
fi
if reports "$out/etcd" "etcd Version: ${etcd_version#v}"; then
  need_etcd=false
  echo "etcd $etcd_version: reusing $out/etcd"
fi
if ! $need_apiserver && ! $need_etcd; then
  exit 0
fi

cd "$module_dir"
echo "Go $(go env GOVERSION), GOPROXY=$(go env GOPROXY), GOMODCACHE=$(go env GOMODCACHE), GOCACHE=$(go env GOCACHE)"
echo "downloading the modules of hack/kube-apiserver/go.mod (k8s.io/kubernetes $kubernetes_version, go.etcd.io/etcd/server/v3 $etcd_version)"
download_log=$(mktemp)
trap 'rm -f "$download_log"' EXIT
if ! go mod download 2>"$download_log"; then
  cat "$download_log" >&2
  fail "cannot download the modules through GOPROXY=$(go env GOPROXY). The Go module proxy must be reachable (or every module already in GOMODCACHE=$(go env GOMODCACHE))."
fi

# Out of tree, the staging modules come from the proxy: every one k8s.io/kubernetes points at
# ./staging needs a replace here, or the build fails on v0.0.0 far from the cause.
kubernetes_mod=$(go list -m -f '{{.GoMod}}' "k8s.io/kubernetes@$kubernetes_version")
staging_version="v0.${kubernetes_version#v1.}"
missing=$(awk '/=> \.\/staging\// {print $1}' "$kubernetes_mod" | while read -r m; do
  grep -qE "^[[:space:]]*$m => $m $staging_version\$" go.mod || echo "$m"
done)
[[ -z "$missing" ]] ||
  fail "hack/kube-apiserver/go.mod lacks 'replace M => M $staging_version' for: $(echo $missing)"
godebug=$(grep '^godebug' "$kubernetes_mod" || true)
[[ -z "$godebug" ]] || grep -qxF "$godebug" go.mod ||
  fail "hack/kube-apiserver/go.mod must carry k8s.io/kubernetes' '$godebug' line"

# nice: the build takes both cores for a long time on a cold cache; let the machine breathe.
build() { # package, binary, ldflags
  echo "$2: go build -trimpath $1 (CGO_ENABLED=0) -> $out/$2"
  local started=$SECONDS
  nice -n 10 go build -trimpath -ldflags "$3" -o "$out/.$2.partial" "$1"
  mv -f "$out/.$2.partial" "$out/$2"
  echo "$2: built in $((SECONDS - started)) s: $("$out/$2" --version | head -1)"
}

if $need_apiserver; then
  # What kubernetes' own build (hack/lib/version.sh) stamps, so /version and --version are true.
  # The release time of the module stands for the build date: the build is reproducible.
  release_time=$(go list -m -f '{{.Time}}' "k8s.io/kubernetes@$kubernetes_version" | sed -E 's/ \+0000 UTC$//; s/ /T/')Z
  minor=$(echo "$kubernetes_version" | cut -d. -f2)
  ldflags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$kubernetes_version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$release_time -X $pkg.gitCommit="
  done
  build k8s.io/kubernetes/cmd/kube-apiserver kube-apiserver "$ldflags"
fi
if $need_etcd; then
  build ./etcd etcd "-s -w"
fi
