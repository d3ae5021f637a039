using System.Text.Json;

namespace Portrayal.Import;

/// <summary>
/// Streams the elements of the arrays that a set of paths point to (Telegram's "messages" of a chat export, or
/// "chats" → "list" → each chat → "messages" of a whole-account export) one at a time, so a gigabyte export never
/// sits in memory. Scalar properties of the objects on the way (a chat's id, name, type) are collected as the header
/// of the elements that follow them; other values are skipped. Positions (line, byte) are absolute in the file.
/// </summary>
internal sealed class JsonArrayStream
{
    /// <summary>A path step meaning "each element of this array".</summary>
    public const string Each = "*";

    private readonly Stream _stream;
    private readonly string[][] _paths;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;           // first unconsumed byte in _buffer
    private int _length;          // bytes of valid data in _buffer
    private bool _final;
    private JsonReaderState _state = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
    private long _shifted;        // bytes dropped from the front of the buffer so far
    private long _lines;          // newlines in bytes [0, _countedTo) of the file (relative to _shifted)
    private int _countedTo;
    private bool _done;
    private bool _bomChecked;
    private readonly List<Frame> _frames = [];

    /// <summary>One open object or array: which (path, steps matched) pairs it is on, and for objects the pending property and scalars seen.</summary>
    private sealed class Frame(bool isObject, List<(int Path, int Step)> on)
    {
        public bool IsObject { get; } = isObject;
        public List<(int Path, int Step)> On { get; } = on;
        public bool IsTarget { get; init; }
        public string? Property { get; set; }
        public Dictionary<string, JsonElement>? Scalars { get; set; }
    }

    public JsonArrayStream(Stream stream, params string[][] paths)
    {
        _stream = stream;
        _paths = paths;
    }

    /// <summary>Scalar properties of the objects enclosing the current array (for a chat: id, name, type).</summary>
    public Dictionary<string, JsonElement> Header { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>How many target arrays were entered (chats with messages).</summary>
    public int ArraysSeen { get; private set; }

    public bool SawArray => ArraysSeen > 0;

    /// <summary>Next array element with its 1-based line, or false at the end of the document.</summary>
    public bool TryNext(out JsonDocument element, out long line)
    {
        while (true)
        {
            if (_done)
            {
                element = null!;
                line = 0;
                return false;
            }
            var result = Step(out element, out line);
            if (result == StepResult.Element) return true;
            if (result == StepResult.NeedData) Fill();
        }
    }

    private enum StepResult { Element, NeedData, Finished }

    private StepResult Step(out JsonDocument element, out long line)
    {
        element = null!;
        line = 0;
        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _length - _start), _final, _state);
        while (true)
        {
            var stateBefore = reader.CurrentState;
            var consumedBefore = (int)reader.BytesConsumed;
            if (!reader.Read())
            {
                if (_final)
                {
                    _done = true;
                    return StepResult.Finished;
                }
                Rewind(stateBefore, consumedBefore);
                return StepResult.NeedData;
            }

            var parent = _frames.Count > 0 ? _frames[^1] : null;
            if (parent is null && reader.TokenType != JsonTokenType.StartObject)
                throw new JsonException("the file does not start with a JSON object", null, 0, 0);

            if (parent is { IsTarget: true } && reader.TokenType != JsonTokenType.EndArray)
            {
                var tokenStart = _start + (int)reader.TokenStartIndex;
                if (!JsonDocument.TryParseValue(ref reader, out var doc))
                {
                    Rewind(stateBefore, consumedBefore);
                    return StepResult.NeedData;
                }
                line = LineAt(tokenStart);
                _state = reader.CurrentState;
                _start += (int)reader.BytesConsumed;
                element = doc;
                return StepResult.Element;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    parent!.Property = reader.GetString();
                    break;

                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    _frames.RemoveAt(_frames.Count - 1);
                    if (_frames.Count == 0)
                    {
                        _done = true;
                        _start += (int)reader.BytesConsumed;
                        return StepResult.Finished;
                    }
                    break;

                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    var isObject = reader.TokenType == JsonTokenType.StartObject;
                    var on = parent is null ? Enumerable.Range(0, _paths.Length).Select(i => (i, 0)).ToList() : Descend(parent);
                    if (on.Count == 0)
                    {
                        if (!reader.TrySkip())
                        {
                            Rewind(stateBefore, consumedBefore);
                            return StepResult.NeedData;
                        }
                        break;
                    }
                    var target = !isObject && on.Any(o => o.Item2 == _paths[o.Item1].Length);
                    _frames.Add(new Frame(isObject, on) { IsTarget = target });
                    if (target)
                    {
                        ArraysSeen++;
                        Header = MergedScalars();
                    }
                    break;

                default:
                    if (parent is { IsObject: true, Property: { } name })
                    {
                        if (!JsonDocument.TryParseValue(ref reader, out var value))
                        {
                            Rewind(stateBefore, consumedBefore);
                            return StepResult.NeedData;
                        }
                        using (value) (parent.Scalars ??= new(StringComparer.Ordinal))[name] = value.RootElement.Clone();
                    }
                    break;
            }
        }
    }

    private List<(int Path, int Step)> Descend(Frame parent)
    {
        var next = new List<(int, int)>();
        foreach (var (path, step) in parent.On)
        {
            if (step >= _paths[path].Length) continue;
            var want = _paths[path][step];
            if (parent.IsObject ? want == parent.Property : want == Each) next.Add((path, step + 1));
        }
        return next;
    }

    private Dictionary<string, JsonElement> MergedScalars()
    {
        var merged = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var f in _frames)
            if (f.Scalars is { } scalars)
                foreach (var (k, v) in scalars) merged[k] = v;
        return merged;
    }

    private void Rewind(JsonReaderState state, int consumed)
    {
        _state = state;
        _start += consumed;
    }

    private long LineAt(int index)
    {
        if (index > _countedTo)
        {
            _lines += _buffer.AsSpan(_countedTo, index - _countedTo).Count((byte)'\n');
            _countedTo = index;
        }
        return _lines + 1;
    }

    private void Fill()
    {
        LineAt(_start);
        var remaining = _length - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, remaining);
            _shifted += _start;
            _countedTo -= _start;
            _start = 0;
            _length = remaining;
        }
        if (_length == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var read = _stream.Read(_buffer, _length, _buffer.Length - _length);
        if (!_bomChecked)
        {
            _bomChecked = true;
            if (read >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
            {
                _start = 3;
                _countedTo = 3;
            }
        }
        if (read == 0) _final = true;
        _length += read;
    }
}
