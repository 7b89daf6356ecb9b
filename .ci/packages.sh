#!/usr/bin/env bash
# Builds the jsii language packages that CI checks (named for that role: it is not only Python), and the Python
# venv test/python/*.test.ts run the Python example in:
#   python  dist/python/*.whl + sdist, installed with cdktf and constructs from PyPI into a venv outside the repo
#   go      dist/go/cdktfcloudcasa (pacmak runs `go mod tidy` + `go build` on it with the Go module proxy)
#   java    dist/java (Maven repository layout), see build_java for the cdktf jar it needs
#   .NET    only when a dotnet SDK is installed (not the case here)
# Prints each artifact with its size and how long each step took. Idempotent: when the jsii assembly and
# package.json have not changed since the last run, packaging and pip are skipped.
#
#   CLOUDCASA_PYTHON_VENV     the venv (default ~/.cache/cdktf-cloudcasa/python); test/python reads the same
#   CLOUDCASA_PACKAGE_TARGETS targets besides python to package (default "go java dotnet"; "" for python only)
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-cloudcasa"
VENV="${CLOUDCASA_PYTHON_VENV:-$CACHE/python}"
TARGETS="${CLOUDCASA_PACKAGE_TARGETS-go java dotnet}"
LOG="$CACHE/packages.log"
mkdir -p "$CACHE"
: >"$LOG"

now() { date +%s; }
T_START=$(now)
timed() { # timed LABEL CMD... : runs CMD with output to $LOG, prints its duration
  local label=$1; shift; local t0; t0=$(now)
  if ! "$@" >>"$LOG" 2>&1; then
    echo "packages: $label FAILED; last lines of $LOG:" >&2; tail -n 40 "$LOG" >&2; exit 1
  fi
  echo "packages: $label took $(( $(now) - t0 ))s"
}
# The exact versions the TypeScript tests run with (the devDependencies), so both languages synthesize with the
# same cdktf and constructs; they satisfy the peer ranges the wheel declares (cdktf >=0.21.0,<0.22.0 ...).
dev_version() { node -p "require('./package.json').devDependencies['$1']"; }
# What the packages are built from: the assembly (the whole public API and the bundled JS) and the package metadata.
fingerprint() { cat .jsii package.json | sha256sum | cut -d' ' -f1; }
# Skip a target whose artifacts were built from the current fingerprint.
up_to_date() { [ -f "dist/$1/.fingerprint" ] && [ "$(cat "dist/$1/.fingerprint")" = "$FP" ]; }
stamp() { fingerprint >"dist/$1/.fingerprint"; }

timed "compile (jsii)" npx projen compile
FP=$(fingerprint)

# --- Python -----------------------------------------------------------------------------------------------------
if up_to_date python; then
  echo "packages: python is up to date"
else
  rm -rf dist/python  # a wheel of an earlier version would stay beside the new one
  timed "package:python (jsii-pacmak)" npx projen package:python
  stamp python
fi
VERSION=$(node -p "require('./package.json').version")
WHEEL=$(ls dist/python/*-"$VERSION"-*.whl)

CDKTF=$(dev_version cdktf)
CONSTRUCTS=$(dev_version constructs)
if [ ! -x "$VENV/bin/python" ]; then
  timed "python venv" python3 -m venv "$VENV"
fi
if [ -f "$VENV/.fingerprint" ] && [ "$(cat "$VENV/.fingerprint")" = "$FP $CDKTF $CONSTRUCTS" ]; then
  echo "packages: venv $VENV is up to date"
else
  timed "pip install cdktf==$CDKTF constructs==$CONSTRUCTS + wheel deps" \
    "$VENV/bin/pip" install --disable-pip-version-check "$WHEEL" "cdktf==$CDKTF" "constructs==$CONSTRUCTS"
  # The version stays the same between builds, so pip would keep a stale copy: always replace the package itself.
  timed "pip install $(basename "$WHEEL")" \
    "$VENV/bin/pip" install --disable-pip-version-check --no-deps --force-reinstall "$WHEEL"
  echo "$FP $CDKTF $CONSTRUCTS" >"$VENV/.fingerprint"
fi
timed "python import check" "$VENV/bin/python" -c 'import cdktf_cloudcasa, cdktf; print(cdktf_cloudcasa.Duration.days(3).to_string())'

# --- Go ---------------------------------------------------------------------------------------------------------
# The generated go.mod requires github.com/aws/jsii-runtime-go v1.140.0, github.com/hashicorp/terraform-cdk-go/cdktf
# v0.21.0 and github.com/aws/constructs-go/constructs/v10 v10.4.2; the module proxy serves all three, and pacmak
# compiles the generated code (`go build ./...`), so a broken binding fails here.
build_go() {
  if ! command -v go >/dev/null; then echo "packages: go: no Go toolchain, skipped"; return; fi
  if up_to_date go; then echo "packages: go is up to date"; return; fi
  timed "package:go (jsii-pacmak + go build)" npx projen package:go
  stamp go
}

# --- Java -------------------------------------------------------------------------------------------------------
# Maven Central does not serve com.hashicorp:cdktf 0.20.x or 0.21.0: its maven-metadata.xml lists 0.19.2 as the
# newest version and .../cdktf/0.21.0/cdktf-0.21.0.pom is a 404, so Maven fails with "No versions available for
# com.hashicorp:cdktf:jar:[0.21.0,0.22.0)" (the same symptom as hashicorp/terraform-cdk#2996). So the cdktf Java
# binding is built first from the cdktf assembly in node_modules (node_modules/cdktf/dist/java, which pacmak finds
# as a local Maven repository of the dependency); everything else (jsii-runtime, constructs 10.4.2, the Maven
# plugins) comes from Maven Central into a cached local repository. (pacmak also rewrites node_modules/cdktf/.npmignore
# while doing so; node_modules is rebuilt by npm install anyway.) Consumers of our jar need that cdktf jar too.
build_java() {
  if ! command -v mvn >/dev/null; then echo "packages: java: no Maven, skipped"; return; fi
  if up_to_date java; then echo "packages: java is up to date"; return; fi
  local m2="$CACHE/m2"
  if [ ! -f "node_modules/cdktf/dist/java/com/hashicorp/cdktf/$CDKTF/cdktf-$CDKTF.jar" ]; then
    timed "cdktf $CDKTF Java binding (jsii-pacmak)" npx jsii-pacmak node_modules/cdktf --target=java --maven-local-repository="$m2"
  fi
  timed "package:java (jsii-pacmak + mvn)" npx jsii-pacmak --target=java --maven-local-repository="$m2"
  stamp java
}

# --- .NET -------------------------------------------------------------------------------------------------------
# Not built here: there is no .NET SDK (`dotnet`) on the machine and none in the Debian archive in use (apt-cache
# search dotnet finds only GTK# libraries), and NuGet, where pacmak's `dotnet build` restores Amazon.JSII.Runtime and
# HashiCorp.Cdktf from, is not a reachable registry either. The target stays configured for a machine that has both.
build_dotnet() {
  if ! command -v dotnet >/dev/null; then
    echo "packages: dotnet: no .NET SDK, skipped"; return
  fi
  if up_to_date dotnet; then echo "packages: dotnet is up to date"; return; fi
  timed "package:dotnet (jsii-pacmak)" npx projen package:dotnet
  stamp dotnet
}

for t in $TARGETS; do "build_$t"; done

echo "packages: artifacts"
for f in dist/python/*.whl dist/python/*.tar.gz dist/java/io/github/cdktfcloudcasa/*/*/*.jar; do
  [ -f "$f" ] && printf '  %-80s %10s bytes\n' "$f" "$(stat -c %s "$f")"
done
if [ -d dist/go/cdktfcloudcasa ]; then
  printf '  %-80s %10s bytes (%s files)\n' "dist/go/cdktfcloudcasa/ (Go module sources)" \
    "$(du -sb dist/go/cdktfcloudcasa | cut -f1)" "$(find dist/go/cdktfcloudcasa -type f | wc -l)"
fi
echo "packages: venv $VENV ($("$VENV/bin/python" --version))"
echo "packages: done in $(( $(now) - T_START ))s"
