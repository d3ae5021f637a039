namespace Portrayal.Corpus;

/// <summary>A user mistake (bad file, bad codebook, bad argument) with the file and place it was found at.</summary>
public sealed class InputError : Exception
{
    public InputError(string code, string file, string? position, string message, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        File = file;
        Position = position;
    }

    /// <summary>Stable code such as IMP001 or CB003.</summary>
    public string Code { get; }
    public string File { get; }
    /// <summary>Where in the file: "line 14", "line 3, column 7", "byte 10234", or null.</summary>
    public string? Position { get; }

    public override string ToString() =>
        Position is null ? $"{File}: {Message} [{Code}]" : $"{File} ({Position}): {Message} [{Code}]";
}
