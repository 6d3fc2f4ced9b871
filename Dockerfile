# syntax=docker/dockerfile:1
# One image for every role: `sluice operator`, `sluice serve`, `sluice step ...`, `sluice run`.
#   docker build --build-arg VERSION=0.1.0 -t sluice:0.1.0 .
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG VERSION=0.0.0-dev
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# global.json is left out on purpose: it pins the developers' SDK feature band, the image's SDK may differ.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/ ./src/
# The examples' data sets, published next to the binary (/app/examples/NAME/FILE.csv): the example Pipelines'
# relative dataset paths read them in a stage pod, whose working directory /work starts empty.
COPY examples/ ./examples/
# ONNX Runtime's package also copies its Windows natives (PE DLLs, 17 MB) into a linux-x64 publish: drop them.
RUN dotnet restore src/Sluice.Cli/Sluice.Cli.csproj \
 && dotnet publish src/Sluice.Cli/Sluice.Cli.csproj -c Release --no-restore -o /app \
      -p:Version="${VERSION}" -p:UseAppHost=true -p:DebugType=none -p:GenerateDocumentationFile=false \
 && rm -f /app/*.xml \
 && rm -f /app/onnxruntime.dll /app/onnxruntime_providers_shared.dll

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
LABEL org.opencontainers.image.title="sluice" \
      org.opencontainers.image.description="Sluice: ML pipelines, canary model serving and drift monitoring as Kubernetes resources" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="https://github.com/sluice-dev/sluice" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.base.name="mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}"
# Read-only root file system: nothing may write outside /tmp (an emptyDir in the chart).
#  - no first-run sentinel, no diagnostics IPC socket, no JIT disk cache, invariant culture (no ICU needed);
#  - HOME and TMPDIR point at /tmp so anything that falls back to them stays writable.
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1 \
    DOTNET_EnableDiagnostics=0 \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 \
    DOTNET_gcServer=0 \
    DOTNET_BUNDLE_EXTRACT_BASE_DIR=/tmp/.net \
    HOME=/tmp \
    TMPDIR=/tmp \
    PATH="/app:${PATH}"
WORKDIR /app
COPY --from=build --chown=0:0 /app/ /app/
# 65532 is the conventional "nonroot" uid/gid (distroless, kubebuilder); numeric so runAsNonRoot can verify it.
USER 65532:65532
EXPOSE 8080 8081
ENTRYPOINT ["sluice"]
CMD ["--help"]
