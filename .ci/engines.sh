#!/usr/bin/env bash
# Builds the real engines (Terraform, OpenTofu) and providers (magodo/restful, hashicorp/external)
# from the Go module proxy into a cache directory outside the repository, lays the providers out as
# a filesystem mirror under both registry hostnames, and writes an offline CLI config.
# Idempotent: a second run only checks the cache and prints versions.
#
# Why build from source: the Terraform registry and release hosts are unreachable here; the Go module
# proxy is not. See ../shared/reference/rest-provider.md §4-5.
set -euo pipefail

CACHE="${CLOUDCASA_ENGINES_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-cloudcasa/engines}"
TF_VERSION=1.5.7            # last MPL-2.0 Terraform; inside cdktf 0.21's tested range
TOFU_VERSION=1.12.6
RESTFUL_VERSION=0.23.0      # pinned: v0.24+ adds resource identity, which breaks out-of-band delete on TF < 1.12
EXTERNAL_VERSION=2.3.5
EXTERNAL_COMMIT=8c00d8b09dd5 # v2.3.5: the module path has no /v2 suffix, so it installs by commit only

export CGO_ENABLED=0 GOFLAGS=-trimpath GOTOOLCHAIN=local
PLATFORM="$(go env GOOS)_$(go env GOARCH)"
mkdir -p "$CACHE"
LOG="$CACHE/build.log"

now() { date +%s; }
timed() { # timed LABEL CMD... : runs CMD, prints its duration
  local label=$1; shift; local t0; t0=$(now)
  echo "engines: building $label ..."
  if ! "$@" >>"$LOG" 2>&1; then
    echo "engines: building $label FAILED; last lines of $LOG:" >&2; tail -n 40 "$LOG" >&2; exit 1
  fi
  echo "engines: built $label in $(( $(now) - t0 ))s"
}

build_terraform() {
  GOBIN="$CACHE/terraform-$TF_VERSION" go install -ldflags "-s -w" "github.com/hashicorp/terraform@v$TF_VERSION"
}

build_tofu() {
  # OpenTofu's go.mod has replace/godebug lines, so `go install pkg@version` refuses it: build inside a copy.
  local dir tmp
  dir=$(go mod download -json "github.com/opentofu/opentofu@v$TOFU_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$dir" ] || { echo "could not download opentofu module" >&2; return 1; }
  tmp=$(mktemp -d)
  cp -r "$dir/." "$tmp"; chmod -R u+w "$tmp"
  (cd "$tmp" && go build -mod=readonly -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" \
      -o "$CACHE/tofu-$TOFU_VERSION/tofu" ./cmd/tofu)
  rm -rf "$tmp"
}

build_restful() {
  GOBIN="$CACHE/staging/restful-$RESTFUL_VERSION" go install -ldflags "-s -w" \
    "github.com/magodo/terraform-provider-restful@v$RESTFUL_VERSION"
}

build_external() {
  GOBIN="$CACHE/staging/external-$EXTERNAL_VERSION" go install -ldflags "-s -w" \
    "github.com/terraform-providers/terraform-provider-external@$EXTERNAL_COMMIT"
}

T0=$(now)
[ -x "$CACHE/terraform-$TF_VERSION/terraform" ] || timed "terraform v$TF_VERSION" build_terraform
[ -x "$CACHE/tofu-$TOFU_VERSION/tofu" ] || timed "opentofu v$TOFU_VERSION" build_tofu
[ -x "$CACHE/staging/restful-$RESTFUL_VERSION/terraform-provider-restful" ] || timed "magodo/restful v$RESTFUL_VERSION" build_restful
[ -x "$CACHE/staging/external-$EXTERNAL_VERSION/terraform-provider-external" ] || timed "hashicorp/external v$EXTERNAL_VERSION" build_external

# Filesystem mirror (unpacked layout). Files are copied, not linked: engines ignore intermediate symlinks.
MIRROR="$CACHE/mirror"
mirror_one() { # HOST NS TYPE VERSION SRC
  local d="$MIRROR/$1/$2/$3/$4/$PLATFORM"
  if ! cmp -s "$5" "$d/terraform-provider-$3_v$4"; then
    mkdir -p "$d"; cp "$5" "$d/terraform-provider-$3_v$4"; chmod +x "$d/terraform-provider-$3_v$4"
  fi
}
for host in registry.terraform.io registry.opentofu.org; do
  mirror_one "$host" magodo restful "$RESTFUL_VERSION" "$CACHE/staging/restful-$RESTFUL_VERSION/terraform-provider-restful"
  mirror_one "$host" hashicorp external "$EXTERNAL_VERSION" "$CACHE/staging/external-$EXTERNAL_VERSION/terraform-provider-external"
done

# CLI config with a filesystem mirror and no `direct` block: the engines never try the network.
cat >"$CACHE/offline.tfrc.tmp" <<TFRC
provider_installation {
  filesystem_mirror {
    path    = "$MIRROR"
    include = ["registry.terraform.io/magodo/restful", "registry.opentofu.org/magodo/restful",
               "registry.terraform.io/hashicorp/external", "registry.opentofu.org/hashicorp/external"]
  }
}
TFRC
mv "$CACHE/offline.tfrc.tmp" "$CACHE/offline.tfrc"

# One JSON file the test helpers read to find everything.
cat >"$CACHE/engines.json.tmp" <<JSON
{
  "terraform": "$CACHE/terraform-$TF_VERSION/terraform",
  "tofu": "$CACHE/tofu-$TOFU_VERSION/tofu",
  "cliConfigFile": "$CACHE/offline.tfrc",
  "mirror": "$MIRROR",
  "versions": { "terraform": "$TF_VERSION", "tofu": "$TOFU_VERSION", "restful": "$RESTFUL_VERSION", "external": "$EXTERNAL_VERSION" }
}
JSON
mv "$CACHE/engines.json.tmp" "$CACHE/engines.json"

echo "engines: cache $CACHE"
echo "engines: $("$CACHE/terraform-$TF_VERSION/terraform" version | head -n 1)"
echo "engines: $("$CACHE/tofu-$TOFU_VERSION/tofu" version | head -n 1)"
echo "engines: provider registry.terraform.io+registry.opentofu.org/magodo/restful $RESTFUL_VERSION ($PLATFORM)"
echo "engines: provider registry.terraform.io+registry.opentofu.org/hashicorp/external $EXTERNAL_VERSION ($PLATFORM)"
echo "engines: CLI config $CACHE/offline.tfrc"
echo "engines: ready in $(( $(now) - T0 ))s"
