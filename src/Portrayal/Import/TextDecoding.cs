using System.Text;
using System.Text.Unicode;
using Portrayal.Corpus;

namespace Portrayal.Import;

/// <summary>The text encoding chosen for a file and why (shown in error messages).</summary>
public sealed record DetectedEncoding(Encoding Encoding, int BomLength, string How)
{
    public string Name => Encoding.WebName;
}

/// <summary>
/// Decides the text encoding of CSV/TSV/JSONL files, shared by the tabular importers. In order:
/// <list type="number">
/// <item>the <c>--encoding</c> option, when given (a matching BOM is still skipped);</item>
/// <item>a byte-order mark: UTF-8, UTF-16 LE or BE;</item>
/// <item>UTF-16 without a BOM, by its zero bytes: ASCII characters put a 0x00 in every high byte, so one parity of
/// positions holds zeros and few distinct values while the other holds no zero at all;</item>
/// <item>strict UTF-8 validation of the first 64 KiB (an ASCII file is UTF-8);</item>
/// <item>otherwise a single-byte code page, scored on Cyrillic letter statistics among Windows-1251, KOI8-R and
/// CP866 (Windows-1251 gets a head start: Russian exports still arrive in it), or Windows-1252 when the high bytes are
/// lone accented letters inside Latin words rather than whole words.</item>
/// </list>
/// Not handled: Kazakh single-byte code pages (KZ-1048, PTCP154; .NET has neither, so such files must be converted to
/// UTF-8 first), and other single-byte families (ISO-8859-5, Mac Cyrillic, Greek...) unless named with
/// <c>--encoding</c>. Decoding is strict: bytes invalid in the chosen encoding stop the import with the place, rather
/// than turning into replacement characters.
/// </summary>
/// <remarks>
/// Mozilla-derived detectors (UTF.Unknown 2.8.0, Ude.NetStandard 1.2.0) were measured on 24 short Russian and Kazakh
/// samples in Windows-1251, KOI8-R and CP866 and got 15 and 17 right: they fail on all-capitals text and call KOI8-R
/// Greek (ISO-8859-7) or Windows-1251 Mac Cyrillic. The letter-statistics scorer here gets all 24 (see the tests).
/// </remarks>
public static class TextDecoding
{
    /// <summary>How much of a file the detection looks at, the same as a format probe.</summary>
    public const int SampleBytes = 64 * 1024;

    static TextDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Makes the Windows/KOI8/DOS code pages available (idempotent).</summary>
    public static void EnsureCodePages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>An encoding by name ("utf-8", "utf-16", "windows-1251", "cp1251", "koi8-r"...), decoding strictly.</summary>
    /// <exception cref="ArgumentException">The name is not an encoding .NET knows.</exception>
    public static Encoding Resolve(string name)
    {
        EnsureCodePages();
        var trimmed = name.Trim().ToLowerInvariant();
        trimmed = trimmed switch
        {
            "utf8" => "utf-8",
            "utf16" or "utf-16le" or "utf16le" => "utf-16",
            "utf16be" => "utf-16be",
            "cp1251" or "win1251" or "windows1251" => "windows-1251",
            "cp1252" or "win1252" or "windows1252" => "windows-1252",
            "koi8r" => "koi8-r",
            "dos866" => "cp866",
            _ => trimmed,
        };
        var encoding = Encoding.GetEncoding(trimmed);
        return Strict(encoding);
    }

    private static Encoding Strict(Encoding encoding) => encoding.CodePage switch
    {
        65001 => new UTF8Encoding(false, true),
        1200 => new UnicodeEncoding(false, false, true),
        1201 => new UnicodeEncoding(true, false, true),
        _ => Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
    };

    /// <summary>Detects the encoding of a sample (the start of a file); <paramref name="encodingName"/> overrides detection.</summary>
    public static DetectedEncoding Detect(ReadOnlySpan<byte> sample, string? encodingName = null)
    {
        if (encodingName is not null)
        {
            var forced = Resolve(encodingName);
            var preamble = forced.CodePage switch
            {
                65001 => Utf8Bom,
                1200 => Utf16LeBom,
                1201 => Utf16BeBom,
                _ => [],
            };
            return new DetectedEncoding(forced, preamble.Length > 0 && sample.StartsWith(preamble) ? preamble.Length : 0, "given with --encoding");
        }
        if (sample.StartsWith(Utf8Bom)) return new DetectedEncoding(new UTF8Encoding(false, true), 3, "UTF-8 byte-order mark");
        if (sample.StartsWith(Utf16LeBom)) return new DetectedEncoding(new UnicodeEncoding(false, false, true), 2, "UTF-16 LE byte-order mark");
        if (sample.StartsWith(Utf16BeBom)) return new DetectedEncoding(new UnicodeEncoding(true, false, true), 2, "UTF-16 BE byte-order mark");
        if (Utf16ByZeros(sample) is { } bigEndian)
            return new DetectedEncoding(new UnicodeEncoding(bigEndian, false, true), 0, $"UTF-16 {(bigEndian ? "BE" : "LE")} by its zero bytes");
        if (IsUtf8(sample)) return new DetectedEncoding(new UTF8Encoding(false, true), 0, "valid UTF-8");
        return SingleByte(sample);
    }

    /// <summary>The probe's head as text in its detected encoding (for recognising headers written in UTF-16 or Windows-1251).</summary>
    public static string DecodeHead(byte[] head, string? encodingName = null)
    {
        DetectedEncoding detected;
        try
        {
            detected = Detect(head, encodingName);
        }
        catch (ArgumentException)
        {
            detected = Detect(head);
        }
        var lenient = Encoding.GetEncoding(detected.Encoding.CodePage, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);
        return lenient.GetString(head, detected.BomLength, head.Length - detected.BomLength);
    }

    /// <summary>Opens a file's stream as text, detecting its encoding from the first 64 KiB (which are not read twice from the source).</summary>
    public static TextReader Open(Stream stream, ImportContext context, out DetectedEncoding detected)
    {
        var head = new byte[SampleBytes];
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        try
        {
            detected = Detect(head.AsSpan(0, n), context.Options.Encoding);
        }
        catch (ArgumentException)
        {
            throw context.Error("IMP012", null, $"unknown encoding '{context.Options.Encoding}' (try utf-8, utf-16, windows-1251, koi8-r, cp866).");
        }
        var rest = new PrefixedStream(head, detected.BomLength, n, stream);
        return new StreamReader(rest, detected.Encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];
    private static ReadOnlySpan<byte> Utf16LeBom => [0xFF, 0xFE];
    private static ReadOnlySpan<byte> Utf16BeBom => [0xFE, 0xFF];

    /// <summary>null when not UTF-16; otherwise whether it is big-endian.</summary>
    private static bool? Utf16ByZeros(ReadOnlySpan<byte> sample)
    {
        var n = Math.Min(sample.Length, 8192) & ~1;
        if (n < 4) return null;
        int zerosEven = 0, zerosOdd = 0;
        var even = new int[256];
        var odd = new int[256];
        for (var i = 0; i < n; i += 2)
        {
            even[sample[i]]++;
            odd[sample[i + 1]]++;
            if (sample[i] == 0) zerosEven++;
            if (sample[i + 1] == 0) zerosOdd++;
        }
        var half = n / 2;
        // High bytes sit at odd positions in LE, even in BE: they hold zeros (ASCII) and a few values (0x04 for Cyrillic).
        if (zerosEven == 0 && zerosOdd * 100 >= half && TopTwoShare(odd) >= 0.85) return false;
        if (zerosOdd == 0 && zerosEven * 100 >= half && TopTwoShare(even) >= 0.85) return true;
        return null;

        double TopTwoShare(int[] counts)
        {
            var sorted = counts.OrderDescending().Take(2).Sum();
            return sorted / (double)half;
        }
    }

    private static bool IsUtf8(ReadOnlySpan<byte> sample)
    {
        // The sample may end inside a multi-byte character: drop an incomplete sequence at its very end.
        var end = sample.Length;
        for (var back = 1; back <= 3 && back <= sample.Length; back++)
        {
            var b = sample[^back];
            if ((b & 0xC0) == 0x80) continue; // continuation byte: look further back
            if (b >= 0xC0)
            {
                var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                if (needed > back) end = sample.Length - back;
            }
            break;
        }
        return Utf8.IsValid(sample[..end]);
    }

    private static DetectedEncoding SingleByte(ReadOnlySpan<byte> sample)
    {
        if (LooksLatin(sample))
            return new DetectedEncoding(Strict(Encoding.GetEncoding(1252)), 0, "Windows-1252 (accented letters inside Latin words)");
        var best = (Score: double.NegativeInfinity, CodePage: 1251);
        foreach (var (codePage, prior) in Candidates)
        {
            var score = CyrillicScore(Encoding.GetEncoding(codePage).GetString(sample)) + prior;
            if (score > best.Score) best = (score, codePage);
        }
        var name = best.CodePage switch { 20866 => "KOI8-R", 866 => "CP866", _ => "Windows-1251" };
        return new DetectedEncoding(Strict(Encoding.GetEncoding(best.CodePage)), 0, $"{name} (not UTF-8; chosen on Cyrillic letter statistics)");
    }

    private static readonly (int CodePage, double Prior)[] Candidates = [(1251, 2.0), (20866, 0), (866, 0)];

    /// <summary>True when high bytes are lone letters inside ASCII words (café, Größe), not runs that make whole words.</summary>
    private static bool LooksLatin(ReadOnlySpan<byte> sample)
    {
        int high = 0, inRuns = 0, besideAsciiLetter = 0;
        for (var i = 0; i < sample.Length; i++)
        {
            if (sample[i] < 0x80) continue;
            high++;
            var run = (i > 0 && sample[i - 1] >= 0x80) || (i + 1 < sample.Length && sample[i + 1] >= 0x80);
            if (run) inRuns++;
            if ((i > 0 && char.IsAsciiLetter((char)sample[i - 1])) || (i + 1 < sample.Length && char.IsAsciiLetter((char)sample[i + 1])))
                besideAsciiLetter++;
        }
        return high > 0 && inRuns * 2 < high && besideAsciiLetter * 2 >= high;
    }

    /// <summary>
    /// Log-likelihood of the decoded text as Russian/Kazakh: letter frequencies, a penalty for words whose case is
    /// mixed in ways writing never is ("йРЕМЛЬ": Windows-1251 lower case read as KOI8-R), for lower-case words of three
    /// letters or more without a vowel, and for symbols that are not letters (box drawing: KOI8-R or CP866 read as the other).
    /// </summary>
    private static double CyrillicScore(string text)
    {
        double score = 0;
        var wordStart = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (c is >= '\u0400' and <= '\u04FF')
            {
                if (wordStart < 0) wordStart = i;
                score += Math.Log(Frequency(char.ToLowerInvariant(c)));
                continue;
            }
            if (wordStart >= 0)
            {
                var word = text.AsSpan(wordStart, i - wordStart);
                if (!WellCased(word)) score -= 6;
                else if (word.Length >= 3 && !HasVowel(word) && !IsAllUpper(word)) score -= 3; // "пдлв": KOI8-R capitals read as Windows-1251

                wordStart = -1;
            }
            if (c >= '\u0080' && !AllowedSymbol(c)) score -= 8;
        }
        return score;
    }

    private static bool WellCased(ReadOnlySpan<char> word)
    {
        if (word.Length < 2) return true;
        var restUpper = true;
        var restLower = true;
        foreach (var c in word[1..])
        {
            if (char.IsUpper(c)) restLower = false;
            if (char.IsLower(c)) restUpper = false;
        }
        return restLower || (restUpper && char.IsUpper(word[0]));
    }

    private static bool HasVowel(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
            if ("аеёиоуыэюяәөұүі".Contains(char.ToLowerInvariant(c))) return true;
        return false;
    }

    private static bool IsAllUpper(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
            if (!char.IsUpper(c)) return false;
        return true;
    }

    private static bool AllowedSymbol(char c) => c is '«' or '»' or '—' or '–' or '…' or '№' or '“' or '”' or '„' or '‘' or '’' or '•' or '·' or '°' or '\u00A0' or '€';

    private static double Frequency(char lower) => lower switch
    {
        'о' => .1097, 'е' => .0845, 'а' => .0801, 'и' => .0735, 'н' => .0670, 'т' => .0626, 'с' => .0547, 'р' => .0473,
        'в' => .0454, 'л' => .0440, 'к' => .0349, 'м' => .0321, 'д' => .0298, 'п' => .0281, 'у' => .0262, 'я' => .0201,
        'ы' => .0190, 'ь' => .0174, 'г' => .0170, 'з' => .0165, 'б' => .0159, 'ч' => .0144, 'й' => .0121, 'х' => .0097,
        'ж' => .0094, 'ш' => .0073, 'ю' => .0064, 'ц' => .0048, 'щ' => .0036, 'э' => .0032, 'ф' => .0026, 'ъ' => .0004,
        'ё' => .0010,
        // Kazakh and Ukrainian letters, which these code pages mostly lack (CP866 and KOI8-U have a few).
        'і' or 'ә' or 'ұ' or 'қ' or 'ң' or 'ө' or 'ү' or 'ғ' or 'һ' or 'є' or 'ї' or 'ґ' or 'ў' => .0030,
        _ => .0002,
    };

    /// <summary>Reads the already-read sample first, then the rest of the source.</summary>
    private sealed class PrefixedStream(byte[] prefix, int start, int end, Stream inner) : Stream
    {
        private int _pos = start;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_pos < end)
            {
                var n = Math.Min(buffer.Length, end - _pos);
                prefix.AsSpan(_pos, n).CopyTo(buffer);
                _pos += n;
                return n;
            }
            return inner.Read(buffer);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>A file's bytes are not valid in the encoding chosen for it.</summary>
internal static class DecodingErrors
{
    public static InputError Of(ImportContext context, DetectedEncoding detected, string? position, DecoderFallbackException e) =>
        context.Error("IMP013", position,
            $"the text is not valid {detected.Name} ({detected.How}){(e.BytesUnknown is { Length: > 0 } b ? $": byte 0x{b[0]:X2}" : "")}; give the file's encoding with --encoding (e.g. windows-1251, utf-16, koi8-r).", e);
}
