namespace Sluice.Serving.Hosting;

/// <summary>The served models by name; a version in the path must match the loaded one.</summary>
internal sealed class ModelCatalog(IReadOnlyList<ModelSlot> slots)
{
    public IReadOnlyList<ModelSlot> Slots => slots;

    public bool AllReady => !Draining && slots.All(s => s.Ready);

    /// <summary>Set once the server is stopping: it still answers, but readiness says no.</summary>
    public bool Draining { get; set; }

    public ModelSlot? Find(string name, string? version)
    {
        foreach (var slot in slots)
        {
            if (slot.Spec.Name == name && (version is null || slot.Spec.Version == version))
            {
                return slot;
            }
        }

        return null;
    }

    public string NotFoundMessage(string name, string? version) => slots.Any(s => s.Spec.Name == name)
        ? $"model {name} has no version {version}; served: {string.Join(", ", slots.Where(s => s.Spec.Name == name).Select(s => s.Spec.Version))}"
        : $"model {name} is not served here; served models: {string.Join(", ", slots.Select(s => s.Spec.Name))}";
}
