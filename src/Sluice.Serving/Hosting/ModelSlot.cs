using Sluice.Serving.Models;

namespace Sluice.Serving.Hosting;

/// <summary>A configured model: running, or not ready with the reason.</summary>
internal sealed record ModelSlot(ModelSpec Spec, ModelRunner? Runner, string? FailureReason)
{
    public bool Ready => Runner is not null;
}
