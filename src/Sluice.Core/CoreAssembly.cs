namespace Sluice.Core;

/// <summary>A marker for tests and tools that need this assembly (for example to read its XML docs).</summary>
public static class CoreAssembly;
