namespace KafkaChaos.Protocol;

/// <summary>MetadataRequest.json (0-13, 9+ flexible). Topics: in v0 an empty array means all topics; from v1 a null
/// array does (and an empty one none). v4 adds AllowAutoTopicCreation; v8 adds IncludeClusterAuthorizedOperations
/// (until v10) and IncludeTopicAuthorizedOperations; v10 puts a TopicId before each (now nullable) Name; 11-13 add no
/// request field (12: lookup by topic id works; 13: the response gains a top-level error code).</summary>
/// <param name="Topics">Topic names, or null for all topics.</param>
internal sealed record MetadataRequest(IReadOnlyList<string>? Topics, bool AllowAutoTopicCreation = false)
{
    public void Write(KafkaWriter writer, short version)
    {
        if (version == 0) writer.ArrayLength(Topics?.Count ?? 0);
        else writer.ArrayLength(Topics?.Count);
        foreach (var topic in Topics ?? [])
        {
            if (version >= 10) writer.Uuid(Guid.Empty);
            writer.String(topic);
            writer.TaggedFields();
        }

        if (version >= 4) writer.Bool(AllowAutoTopicCreation);
        if (version is >= 8 and <= 10) writer.Bool(false);
        if (version >= 8) writer.Bool(false);
        writer.TaggedFields();
    }

    public static MetadataRequest Read(KafkaReader reader, short version)
    {
        var count = reader.ArrayLength();
        List<string>? topics = count is null ? null : [];
        for (var i = 0; i < (count ?? 0); i++)
        {
            if (version >= 10) reader.Uuid();
            topics!.Add(reader.NullableString() ?? throw new InvalidDataException("Metadata request by topic id: the harness names topics."));
            reader.TaggedFields();
        }

        if (version == 0 && topics!.Count == 0) topics = null;
        var allowAutoTopicCreation = version < 4 || reader.Bool();
        if (version is >= 8 and <= 10) reader.Bool();
        if (version >= 8) reader.Bool();
        reader.TaggedFields();
        reader.ExpectEnd($"Metadata v{version} request");
        return new MetadataRequest(topics, allowAutoTopicCreation);
    }
}
