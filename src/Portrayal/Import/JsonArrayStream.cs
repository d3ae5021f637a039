using System.Text.Json;

namespace Portrayal.Import;

/// <summary>
/// Streams the elements of one array property of a top-level JSON object (Telegram's "messages") one at a
/// time, so a gigabyte export never sits in memory; the other top-level properties are collected as the
/// header. Positions (line, byte) are absolute in the file, for error messages.
/// </summary>
internal sealed class JsonArrayStream
{
    private readonly Stream _stream;
    private readonly string _arrayProperty;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;           // first unconsumed byte in _buffer
    private int _length;          // bytes of valid data in _buffer
    private bool _final;
    private JsonReaderState _state = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
    private long _shifted;        // bytes dropped from the front of the buffer so far
    private long _lines;          // newlines in bytes [0, _countedTo) of the file (relative to _shifted)
    private int _countedTo;
    private Phase _phase = Phase.BeforeRoot;
    private string? _pendingProperty;
    private bool _bomChecked;

    private enum Phase { BeforeRoot, InRoot, InArray, Done }

    public JsonArrayStream(Stream stream, string arrayProperty)
    {
        _stream = stream;
        _arrayProperty = arrayProperty;
    }

    /// <summary>Top-level properties other than the array, as read so far (all of them once enumeration ends).</summary>
    public Dictionary<string, JsonElement> Header { get; } = new(StringComparer.Ordinal);

    public bool SawArray { get; private set; }

    /// <summary>Next array element with its 1-based line, or false at the end of the document.</summary>
    public bool TryNext(out JsonDocument element, out long line)
    {
        while (true)
        {
            if (_phase == Phase.Done)
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
                    _phase = Phase.Done;
                    return StepResult.Finished;
                }
                Rewind(stateBefore, consumedBefore);
                return StepResult.NeedData;
            }

            switch (_phase)
            {
                case Phase.BeforeRoot:
                    if (reader.TokenType != JsonTokenType.StartObject)
                        throw new JsonException($"the file does not start with a JSON object", null, 0, 0);
                    _phase = Phase.InRoot;
                    break;

                case Phase.InRoot when reader.TokenType == JsonTokenType.PropertyName:
                    _pendingProperty = reader.GetString();
                    break;

                case Phase.InRoot when reader.TokenType == JsonTokenType.EndObject:
                    _phase = Phase.Done;
                    _start += (int)reader.BytesConsumed;
                    return StepResult.Finished;

                case Phase.InRoot when _pendingProperty == _arrayProperty && reader.TokenType == JsonTokenType.StartArray:
                    SawArray = true;
                    _phase = Phase.InArray;
                    break;

                case Phase.InRoot:
                    if (!JsonDocument.TryParseValue(ref reader, out var value))
                    {
                        Rewind(stateBefore, consumedBefore);
                        return StepResult.NeedData;
                    }
                    using (value) Header[_pendingProperty ?? ""] = value.RootElement.Clone();
                    break;

                case Phase.InArray when reader.TokenType == JsonTokenType.EndArray:
                    _phase = Phase.InRoot;
                    _pendingProperty = null;
                    break;

                case Phase.InArray:
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
        }
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
