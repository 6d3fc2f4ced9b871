namespace Sluice.Core.Dag;

/// <summary>Plans DAGs and finds cycles. Unknown dependencies are ignored here; validation reports them.</summary>
public static class DagPlanner
{
    /// <summary>The plan, or null with <paramref name="cycle"/> naming a cycle such as [a, b, a].</summary>
    public static DagPlan? TryPlan(IReadOnlyList<DagNode> nodes, out IReadOnlyList<string> cycle)
    {
        cycle = FindCycle(nodes);
        if (cycle.Count > 0)
        {
            return null;
        }

        var known = nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var levelOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var remaining = nodes.ToList();
        while (remaining.Count > 0)
        {
            var progressed = false;
            foreach (var node in remaining.ToList())
            {
                var deps = node.DependsOn.Where(known.Contains).ToList();
                if (deps.All(levelOf.ContainsKey))
                {
                    levelOf[node.Name] = deps.Count == 0 ? 0 : deps.Max(d => levelOf[d]) + 1;
                    remaining.Remove(node);
                    progressed = true;
                }
            }

            if (!progressed)
            {
                break; // only duplicates of names can get here; validation reports them
            }
        }

        var levels = levelOf.Count == 0 ? 0 : levelOf.Values.Max() + 1;
        var result = Enumerable.Range(0, levels)
            .Select(l => (IReadOnlyList<string>)nodes.Where(n => levelOf.TryGetValue(n.Name, out var v) && v == l).Select(n => n.Name).Distinct().ToList())
            .ToList();
        return new DagPlan(result);
    }

    public static DagPlan Plan(IReadOnlyList<DagNode> nodes) =>
        TryPlan(nodes, out var cycle) ?? throw new InvalidOperationException($"dependency cycle: {string.Join(" -> ", cycle)}");

    /// <summary>The first cycle found in declaration order, as a closed path [a, b, c, a]; empty when acyclic.</summary>
    public static IReadOnlyList<string> FindCycle(IReadOnlyList<DagNode> nodes)
    {
        var byName = new Dictionary<string, DagNode>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            byName.TryAdd(node.Name, node);
        }

        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        var stack = new List<string>();
        foreach (var node in nodes)
        {
            var found = Visit(node.Name);
            if (found.Count > 0)
            {
                return found;
            }
        }

        return [];

        List<string> Visit(string name)
        {
            if (state.TryGetValue(name, out var s))
            {
                if (s == 1)
                {
                    var start = stack.IndexOf(name);
                    return [.. stack.Skip(start), name];
                }

                return [];
            }

            if (!byName.TryGetValue(name, out var node))
            {
                return [];
            }

            state[name] = 1;
            stack.Add(name);
            foreach (var dep in node.DependsOn)
            {
                var found = Visit(dep);
                if (found.Count > 0)
                {
                    return found;
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[name] = 2;
            return [];
        }
    }

    /// <summary>Every node <paramref name="name"/> depends on, directly or not.</summary>
    public static IReadOnlySet<string> Ancestors(IReadOnlyList<DagNode> nodes, string name)
    {
        var byName = nodes.GroupBy(n => n.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(byName.TryGetValue(name, out var start) ? start.DependsOn : []);
        while (queue.Count > 0)
        {
            var next = queue.Dequeue();
            if (seen.Add(next) && byName.TryGetValue(next, out var n))
            {
                foreach (var d in n.DependsOn)
                {
                    queue.Enqueue(d);
                }
            }
        }

        return seen;
    }
}
