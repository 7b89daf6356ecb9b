#!/usr/bin/env bash
# Builds the real engines (Terraform, OpenTofu) and providers (magodo/restful, hashicorp/external)
# from the Go module proxy into a cache directory outside the repository, lays the providers out as
# a filesystem mirror under both registry hostnames, and writes an offline CLI config.
# Idempotent: a second run only checks the cache and prints versions.
#
# Why build from source: the Terraform registry and release hosts are unreachable here; the Go module
# proxy is not. See docs/engineering.md#engines-from-the-go-module-proxy.
set -euo pipefail

CACHE="${CLOUDCASA_ENGINES_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-cloudcasa/engines}"
# Terraform >= 1.12 stores resource identity, which restful >= 0.24 requires: with Terraform 1.5.7 an object
# deleted out of band fails refresh with "Missing Resource Identity After Read" (measured) instead of being
# planned for re-creation. v1.13.3 is the newest Terraform the proxy lists.
TF_VERSION=1.13.3
TOFU_VERSION=1.12.6
# The product's default restful pin is RESTFUL_VERSION, the version its bindings are generated from. The Go module
# proxy reachable here refuses every other restful version (403 "This module version is not available" for v0.23.0,
# by tag and by commit), and v0.25.2's docs-only dependency github.com/magodo/terraform-plugin-framework-docs is
# refused too, so the build uses a stand-in for that module (see build_restful).
RESTFUL_VERSION=0.25.2
# The proxy serves hashicorp/external only at v1.2.0 (module path github.com/terraform-providers/...); v2.x
# by commit is refused. v1.2.0 speaks plugin protocol 5 and has the same `external` data source contract.
EXTERNAL_VERSION=1.2.0

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

module_copy() { # MODULE@VERSION -> prints a writable temp copy of the module source
  local dir tmp
  dir=$(go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$dir" ] || { echo "could not download $1" >&2; return 1; }
  tmp=$(mktemp -d); cp -r "$dir/." "$tmp"; chmod -R u+w "$tmp"; echo "$tmp"
}

build_terraform() {
  # Terraform's go.mod `replace`s its remote-state backends (s3, gcs, azurerm, ...) with nested modules that
  # the module zip does not contain, so neither `go install` nor a plain build can resolve them. The build
  # drops exactly those missing backends from internal/backend/init/init.go; the local backend the tests
  # (and cdktf's default) use is untouched.
  local src mod path dir alias dropped=""
  src=$(module_copy "github.com/hashicorp/terraform@v$TF_VERSION")
  for mod in $(sed -n 's|^replace \(github.com/hashicorp/terraform/internal/[^ ]*\) => \./\(.*\)$|\1=\2|p' "$src/go.mod"); do
    path=${mod%%=*}; dir=${mod#*=}
    [ -d "$src/$dir" ] && continue
    (cd "$src" && go mod edit -dropreplace "$path" -droprequire "$path")
    alias=$(sed -n "s|^[[:space:]]*\([A-Za-z0-9_]*\) \"$path\"$|\1|p" "$src/internal/backend/init/init.go")
    [ -n "$alias" ] && sed -i -e "\|\"$path\"|d" -e "/\b$alias\./d" "$src/internal/backend/init/init.go"
    dropped="$dropped ${dir##*/}"
  done
  echo "terraform: remote-state backends left out of this build:$dropped"
  (cd "$src" && go build -mod=mod -ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" \
      -o "$CACHE/terraform-$TF_VERSION/terraform" .)
  rm -rf "$src"
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
  # `go install …@version` would fail: it asks the proxy for the version list, which is refused.
  local src standin
  src=$(module_copy "github.com/magodo/terraform-provider-restful@v$RESTFUL_VERSION")
  # The provider imports terraform-plugin-framework-docs only to return example text from RenderOption()
  # methods for its docs generator; Terraform and OpenTofu never call them. The proxy refuses that module,
  # so the build replaces it with a stand-in declaring the same types. Everything that runs is the
  # provider's own code at the tagged version.
  standin=$(mktemp -d)
  printf 'module github.com/magodo/terraform-plugin-framework-docs\n\ngo 1.24\n' >"$standin/go.mod"
  cat >"$standin/docs.go" <<'GO'
// Package tffwdocs: build-time stand-in for a docs-only module the Go proxy does not serve.
package tffwdocs

type Example struct{ Header, HCL string }
type ImportId struct{ Format, ExampleCmdArg, ExampleBlk string }
type ProviderRenderOption struct{ Examples []Example }
type ResourceRenderOption struct {
	Examples         []Example
	ImportId         *ImportId
	IdentityExamples []Example
}
type DataSourceRenderOption struct{ Examples []Example }
type EphemeralResourceRenderOption struct{ Examples []Example }
type ProviderWithRenderOption interface{ RenderOption() ProviderRenderOption }
type ResourceWithRenderOption interface{ RenderOption() ResourceRenderOption }
type DataSourceWithRenderOption interface{ RenderOption() DataSourceRenderOption }
type EphemeralResourceWithRenderOption interface{ RenderOption() EphemeralResourceRenderOption }
GO
  (cd "$src" && go mod edit -replace "github.com/magodo/terraform-plugin-framework-docs=$standin" \
     && go build -mod=mod -ldflags "-s -w" -o "$CACHE/staging/restful-$RESTFUL_VERSION/terraform-provider-restful" .)
  rm -rf "$src" "$standin"
}

build_external() {
  local src
  src=$(module_copy "github.com/terraform-providers/terraform-provider-external@v$EXTERNAL_VERSION")
  (cd "$src" && go build -mod=readonly -ldflags "-s -w" -o "$CACHE/staging/external-$EXTERNAL_VERSION/terraform-provider-external" .)
  rm -rf "$src"
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
export TF_CLI_CONFIG_FILE="$CACHE/offline.tfrc" CHECKPOINT_DISABLE=1
echo "engines: $("$CACHE/terraform-$TF_VERSION/terraform" version | head -n 1)"
echo "engines: $("$CACHE/tofu-$TOFU_VERSION/tofu" version | head -n 1)"
echo "engines: provider registry.terraform.io+registry.opentofu.org/magodo/restful $RESTFUL_VERSION ($PLATFORM)"
echo "engines: provider registry.terraform.io+registry.opentofu.org/hashicorp/external $EXTERNAL_VERSION ($PLATFORM)"
echo "engines: CLI config $CACHE/offline.tfrc"
echo "engines: ready in $(( $(now) - T0 ))s"
