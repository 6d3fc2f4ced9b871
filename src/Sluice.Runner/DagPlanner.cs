namespace Sluice.Runner;

/// <summary>Checks a pipeline's graph (unique names, known dependencies and inputs, no cycles) and lists each stage's upstreams.</summary>
internal static class DagPlanner
{
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Upstreams(LocalPipeline pipeline)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in pipeline.Stages)
        {
            if (!names.Add(stage.Name))
            {
                throw new PipelineException($"stage name \"{stage.Name}\" is used twice; stage names must be unique");
            }
        }

        var upstreams = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var stage in pipeline.Stages)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var dependency in stage.DependsOn)
            {
                if (!names.Contains(dependency))
                {
                    throw new PipelineException($"stage \"{stage.Name}\": dependsOn \"{dependency}\" is not a stage of this pipeline");
                }

                set.Add(dependency);
            }

            foreach (var input in stage.Inputs)
            {
                var producer = pipeline.Stages.FirstOrDefault(s => s.Name == input.Stage)
                    ?? throw new PipelineException($"stage \"{stage.Name}\": input \"{input.Name}\" comes from stage \"{input.Stage}\", which does not exist");
                if (!producer.Outputs.Contains(input.Name))
                {
                    throw new PipelineException($"stage \"{stage.Name}\": input \"{input.Name}\" is not an output of stage \"{input.Stage}\" (its outputs: {string.Join(", ", producer.Outputs)})");
                }

                set.Add(input.Stage);
            }

            upstreams[stage.Name] = set;
        }

        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var stage in pipeline.Stages)
        {
            Visit(stage.Name, upstreams, state, []);
        }

        return upstreams;
    }

    private static void Visit(string name, Dictionary<string, IReadOnlySet<string>> upstreams, Dictionary<string, int> state, List<string> path)
    {
        if (state.GetValueOrDefault(name) == 2)
        {
            return;
        }

        if (state.GetValueOrDefault(name) == 1)
        {
            var cycle = path.Skip(path.IndexOf(name)).Append(name);
            throw new PipelineException($"the stages form a cycle: {string.Join(" -> ", cycle)}");
        }

        state[name] = 1;
        path.Add(name);
        foreach (var upstream in upstreams[name].Order(StringComparer.Ordinal))
        {
            Visit(upstream, upstreams, state, path);
        }

        path.RemoveAt(path.Count - 1);
        state[name] = 2;
    }
}
