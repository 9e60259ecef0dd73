using System.Text;
using Retention.Core.Store;
using Retention.Sandbox.Import;

namespace Retention.Sandbox.Cli;

/// <summary>
/// Reads an orders export as UTF-8 bytes, a large buffer at a time, with <see cref="OrderRows"/>' rules: the lines of
/// <see cref="InputLines"/> (ended by <c>\n</c>, <c>\r</c> or <c>\r\n</c>, at most <see cref="InputLines.MaxLength"/>
/// characters), the header and rows of <see cref="OrdersCsv"/>.
/// </summary>
/// <remarks>
/// A row of printable ASCII in the usual shapes (integers, <c>1234.50</c>, <c>2024-03-01T14:05:00Z</c>, a status
/// name) is parsed from its bytes without a string per field: the 5M-row export of issue 16 took 11.5 s to read as
/// strings. Any other row (non-ASCII or control characters, an offset time, a number written unusually, and every bad
/// row) is decoded and read by <see cref="OrderRows"/>' own rules (<see cref="OrderRows.Accept"/>), which give its
/// values or its error message. The byte path only ever takes rows those rules take, with the same values; the tests
/// compare both on generated rows.
/// </remarks>
internal sealed class Utf8OrderReader
{
    /// <summary>Bytes read from the file at a time.</summary>
    public const int DefaultBufferLength = 1 << 22;

    /// <summary>
    /// A line longer than this many bytes has more than <see cref="InputLines.MaxLength"/> characters: UTF-8 needs at
    /// most three bytes per UTF-16 character, and a decoder makes at least one character of three invalid bytes.
    /// </summary>
    private const int MaxLineBytes = 3 * InputLines.MaxLength;

    private readonly Stream _stream;
    private readonly string _source;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _first = true;
    private long _consumed;

    private Utf8OrderReader(Stream stream, string source, int bufferLength)
    {
        _stream = stream;
        _source = source;
        _buffer = new byte[Math.Max(bufferLength, 4)];
    }

    /// <summary>The number of the line <see cref="NextLine"/> returned last (1 for the first).</summary>
    public int Number { get; private set; }

    /// <summary>
    /// Whether <paramref name="stream"/> starts with a UTF-16 or UTF-32 byte order mark, which <see cref="StreamReader"/>
    /// honours: such a file is read as text by <see cref="OrderRows.Read(TextReader, string)"/>. Leaves the stream at its start.
    /// </summary>
    public static bool HasOtherByteOrderMark(Stream stream)
    {
        Span<byte> head = stackalloc byte[4];
        var read = stream.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        stream.Position = 0;
        head = head[..read];
        return head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])
            || head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]);
    }

    /// <summary>Reads the export in <paramref name="stream"/> (UTF-8, with or without its byte order mark).</summary>
    /// <exception cref="CliInputException">A bad line; the message names it as <see cref="OrderRows.Read(TextReader, string)"/> does.</exception>
    public static OrderRows Read(Stream stream, string source, int bufferLength = DefaultBufferLength)
    {
        var reader = new Utf8OrderReader(stream, source, bufferLength);
        var errors = new List<CsvError>();
        var header = reader.NextLine(out var first) ? Encoding.UTF8.GetString(first) : null;
        var columns = OrdersCsv.ReadHeader(header, errors) ?? throw OrderRows.Bad(source, errors[0]);

        var rows = new OrderRows();
        var keys = rows.NewOrderKeys();
        var parser = new RowParser(columns, rows, keys);
        var length = stream.CanSeek ? stream.Length : 0;
        while (reader.NextLine(out var line))
        {
            if (!parser.TryAccept(line, reader.Number))
                OrderRows.Accept(Encoding.UTF8.GetString(line), reader.Number, columns, rows, keys, source);
            if (rows.Count == 4096 && length > 0)
                rows.EnsureCapacity((int)Math.Min(Array.MaxLength, length * 1.05 / reader._consumed * rows.Count + 1024));
        }
        return rows;
    }

    /// <summary>The next line without its end (valid until the next call), or false at the end of the file.</summary>
    private bool NextLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var rest = _buffer.AsSpan(_start, _end - _start);
            if (_first && (rest.Length >= 3 || _eof))
            {
                _first = false;
                if (rest.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                {
                    _start += 3;
                    _consumed += 3;
                    continue;
                }
            }
            var stop = _first ? -1 : rest.IndexOfAny((byte)'\r', (byte)'\n');
            // A \r at the end of what has been read may be the first half of \r\n: read on before deciding.
            if (stop >= 0 && (rest[stop] == '\n' || stop + 1 < rest.Length || _eof))
            {
                line = rest[..stop];
                var used = stop + 1 + (rest[stop] == '\r' && stop + 1 < rest.Length && rest[stop + 1] == '\n' ? 1 : 0);
                _start += used;
                _consumed += used;
                return Counted(line);
            }
            if (_eof)
            {
                if (rest.Length == 0)
                {
                    line = default;
                    return false;
                }
                line = rest;
                _start = _end;
                _consumed += rest.Length;
                return Counted(line);
            }
            if (rest.Length > MaxLineBytes)
            {
                Number++;
                throw TooLong();
            }
            Fill();
        }
    }

    private bool Counted(ReadOnlySpan<byte> line)
    {
        Number++;
        if (line.Length > InputLines.MaxLength && Encoding.UTF8.GetCharCount(line) > InputLines.MaxLength)
            throw TooLong();
        return true;
    }

    private CliInputException TooLong() => new($"{_source}: line {Number}: {InputLines.TooLong}");

    /// <summary>Moves the unread bytes to the front (growing the buffer for a line longer than it) and reads more.</summary>
    private void Fill()
    {
        var unread = _end - _start;
        if (unread == _buffer.Length)
            Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, MaxLineBytes + 2L));
        else if (_start > 0)
            _buffer.AsSpan(_start, unread).CopyTo(_buffer);
        _start = 0;
        _end = unread;
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
            _eof = true;
        _end += read;
    }

    /// <summary>
    /// A row of printable ASCII read from its bytes, or false when the row needs <see cref="OrderRows.Accept"/>: it is
    /// bad, or in a shape this parser leaves to the general rules. Adds nothing (not even its order id) when false.
    /// </summary>
    private sealed class RowParser(OrderColumns columns, OrderRows rows, OrderKeys keys)
    {
        private readonly int[] _starts = new int[columns.Count];
        private readonly int[] _lengths = new int[columns.Count];
        private byte[] _scratch = new byte[256];

        public bool TryAccept(ReadOnlySpan<byte> line, int number)
        {
            if (line.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0)
                return false;
            if ((line.IsEmpty || line[0] == ' ') && line.IndexOfAnyExcept((byte)' ') < 0)
                return true; // a blank line, skipped as the general rules skip it
            ReadOnlySpan<byte> text;
            if (line.IndexOf((byte)'"') < 0)
            {
                if (!Split(line))
                    return false;
                text = line;
            }
            else
            {
                if (!SplitQuoted(line))
                    return false;
                text = _scratch;
            }

            var customerText = Field(text, columns.Customer);
            if (customerText.IsEmpty)
            {
                rows.SkippedWithoutCustomer++;
                return true;
            }
            var orderKey = Field(text, columns.Order);
            if (orderKey.IsEmpty || !TryPositiveInt(customerText, out var customer) || !TryCreated(Field(text, columns.Created), out var created))
                return false;
            var statusText = Field(text, columns.Status);
            var status = OrderState.Complete;
            var refund = false;
            if (!statusText.IsEmpty && !TryStatus(statusText, out status, out refund))
                return false;
            if (!TryTotal(Field(text, columns.Total), out var total) || total < 0 && status != OrderState.Cancelled || Math.Abs(total) > OrderRows.MaxTotal)
                return false;
            var storeText = Field(text, columns.Store);
            var store = 1;
            if (!storeText.IsEmpty && !TryPositiveInt(storeText, out store))
                return false;

            var orderNumber = 0;
            var numbered = orderKey[0] != '0' && TryPositiveInt(orderKey, out orderNumber);
            var first = numbered
                ? keys.FirstLineOfNumber(store, orderNumber, number)
                : keys.FirstLineOfText(store, Encoding.Latin1.GetString(orderKey), number);
            if (first != number)
                return false; // a duplicate: the general rules name the line it repeats

            if (refund)
                rows.Refunds++;
            rows.ParsedAsBytes++;
            rows.Add(customer, created, total, status, store, number, numbered ? orderNumber : 0);
            return true;
        }

        private ReadOnlySpan<byte> Field(ReadOnlySpan<byte> text, int i) => i < 0 ? default : text.Slice(_starts[i], _lengths[i]).Trim((byte)' ');

        private bool Split(ReadOnlySpan<byte> line)
        {
            var position = 0;
            for (var f = 0; f < _starts.Length; f++)
            {
                var comma = line[position..].IndexOf((byte)',');
                _starts[f] = position;
                if (comma < 0)
                {
                    _lengths[f] = line.Length - position;
                    return f == _starts.Length - 1;
                }
                _lengths[f] = comma;
                position += comma + 1;
            }
            return false; // more fields than the header
        }

        /// <summary><see cref="OrdersCsv.TrySplit"/> over bytes: the fields, unquoted, into the scratch buffer.</summary>
        private bool SplitQuoted(ReadOnlySpan<byte> line)
        {
            if (_scratch.Length < line.Length)
                _scratch = new byte[Math.Max(line.Length, _scratch.Length * 2)];
            var output = 0;
            var fieldStart = 0;
            var f = 0;
            var quoted = false;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (quoted)
                {
                    if (c != '"')
                        _scratch[output++] = c;
                    else if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        _scratch[output++] = (byte)'"';
                        i++;
                    }
                    else
                        quoted = false;
                }
                else if (c == '"')
                    quoted = true;
                else if (c == ',')
                {
                    if (f == _starts.Length - 1)
                        return false;
                    _starts[f] = fieldStart;
                    _lengths[f++] = output - fieldStart;
                    fieldStart = output;
                }
                else
                    _scratch[output++] = c;
            }
            if (quoted || f != _starts.Length - 1)
                return false;
            _starts[f] = fieldStart;
            _lengths[f] = output - fieldStart;
            return true;
        }
    }

    /// <summary>A whole number from 1 to <see cref="int.MaxValue"/>, digits only, at most ten of them.</summary>
    internal static bool TryPositiveInt(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 10)
            return false;
        long number = 0;
        foreach (var c in text)
        {
            var digit = c - '0';
            if ((uint)digit > 9)
                return false;
            number = number * 10 + digit;
        }
        if (number is < 1 or > int.MaxValue)
            return false;
        value = (int)number;
        return true;
    }

    /// <summary>
    /// <c>[+-]digits[.digits]</c> with at most 18 digits, as a decimal of the same scale (<c>1.50</c> keeps its two
    /// decimals, as <see cref="decimal.Parse(string)"/> keeps them); a negative zero is left to the general rules.
    /// </summary>
    internal static bool TryTotal(ReadOnlySpan<byte> text, out decimal value)
    {
        value = 0;
        var position = 0;
        var negative = false;
        if (!text.IsEmpty && text[0] is (byte)'-' or (byte)'+')
        {
            negative = text[0] == '-';
            position = 1;
        }
        ulong mantissa = 0;
        var digits = 0;
        var scale = -1;
        for (; position < text.Length; position++)
        {
            var c = text[position];
            if (c == '.')
            {
                if (scale >= 0 || digits == 0)
                    return false;
                scale = 0;
                continue;
            }
            var digit = c - '0';
            if ((uint)digit > 9 || ++digits > 18)
                return false;
            mantissa = mantissa * 10 + (uint)digit;
            if (scale >= 0)
                scale++;
        }
        if (digits == 0 || scale == 0 || negative && mantissa == 0)
            return false;
        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, negative, (byte)Math.Max(scale, 0));
        return true;
    }

    /// <summary>
    /// <c>yyyy-MM-dd</c>, optionally followed by <c>T</c> or a space and <c>HH:mm[:ss[.fffffff]]</c>, optionally by
    /// <c>Z</c>, in the years 1900–2099: UTC, as the general rules take such a time.
    /// </summary>
    internal static bool TryCreated(ReadOnlySpan<byte> text, out DateTime value)
    {
        value = default;
        if (text.Length < 10 || text[4] != '-' || text[7] != '-'
            || !Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day))
            return false;
        if (year is < 1900 or > 2099 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return false;
        long ticks = 0;
        var position = 10;
        if (position < text.Length)
        {
            if (text.Length < 16 || text[10] is not ((byte)'T' or (byte)' ') || text[13] != ':'
                || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || hour > 23 || minute > 59)
                return false;
            ticks = hour * TimeSpan.TicksPerHour + minute * TimeSpan.TicksPerMinute;
            position = 16;
            if (position < text.Length && text[position] == ':')
            {
                if (!Digits(text, 17, 2, out var second) || second > 59)
                    return false;
                ticks += second * TimeSpan.TicksPerSecond;
                position = 19;
                if (position < text.Length && text[position] == '.')
                {
                    var fraction = 0;
                    var count = 0;
                    for (position++; position < text.Length && count < 8 && (uint)(text[position] - '0') <= 9; position++, count++)
                        fraction = fraction * 10 + (text[position] - '0');
                    if (count is 0 or > 7)
                        return false;
                    for (var k = count; k < 7; k++)
                        fraction *= 10;
                    ticks += fraction;
                }
            }
        }
        if (position < text.Length && text[position] == 'Z')
            position++;
        if (position != text.Length)
            return false;
        value = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc).AddTicks(ticks);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        if (start + count > text.Length)
            return false;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9)
                return false;
            value = value * 10 + digit;
        }
        return true;
    }

    /// <summary>A status as <see cref="OrdersCsv.TryStatus"/> reads it, for the names and ids it knows exactly.</summary>
    internal static bool TryStatus(ReadOnlySpan<byte> text, out OrderState status, out bool refund)
    {
        refund = false;
        status = text switch
        {
            _ when Ascii.EqualsIgnoreCase(text, "Complete"u8) || text.SequenceEqual("30"u8) => OrderState.Complete,
            _ when Ascii.EqualsIgnoreCase(text, "Processing"u8) || text.SequenceEqual("20"u8) => OrderState.Processing,
            _ when Ascii.EqualsIgnoreCase(text, "Pending"u8) || text.SequenceEqual("10"u8) => OrderState.Pending,
            _ when Ascii.EqualsIgnoreCase(text, "Cancelled"u8) || Ascii.EqualsIgnoreCase(text, "Canceled"u8) || text.SequenceEqual("40"u8) => OrderState.Cancelled,
            _ => default,
        };
        if (status != default)
            return true;
        refund = Ascii.EqualsIgnoreCase(text, "Refunded"u8) || Ascii.EqualsIgnoreCase(text, "Credit"u8)
            || Ascii.EqualsIgnoreCase(text, "Credit note"u8) || Ascii.EqualsIgnoreCase(text, "CreditNote"u8);
        status = refund ? OrderState.Cancelled : default;
        return refund;
    }
}
