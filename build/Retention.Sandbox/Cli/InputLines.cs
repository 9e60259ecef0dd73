using System.Globalization;
using System.Text;

namespace Retention.Sandbox.Cli;

/// <summary>
/// The lines of an input file (ended by <c>\n</c>, <c>\r</c> or <c>\r\n</c>, as <see cref="TextReader.ReadLine"/> ends
/// them), read in chunks of <see cref="ChunkLength"/> characters; a line longer than <see cref="MaxLength"/> is refused
/// as soon as its first <see cref="MaxLength"/> + 1 characters have been seen.
/// </summary>
/// <remarks>
/// <see cref="TextReader.ReadLine"/> holds a whole line before the CSV split copies it field by field again: about 11
/// bytes of memory per byte of line, 2.1 GB for one 200 MB line. Refusing while reading keeps a line's cost under
/// (<see cref="MaxLength"/> + <see cref="ChunkLength"/>) characters, whatever the file holds.
/// </remarks>
internal sealed class InputLines(TextReader reader, string source)
{
    /// <summary>
    /// The longest line accepted, in characters (1,048,576). An order row needs about 100 (id, customer, time, total,
    /// status, store) and a summary row about 60; an export with extra columns the CLI ignores (addresses, notes) stays
    /// within a few thousand. A million characters is ten thousand times a real row, so no real export meets it, while
    /// a line of it costs a few megabytes, not gigabytes.
    /// </summary>
    public const int MaxLength = 1 << 20;

    /// <summary>Why a line longer than <see cref="MaxLength"/> is refused, as a message after its line number.</summary>
    public static readonly string TooLong =
        $"the line is longer than {MaxLength.ToString("N0", CultureInfo.InvariantCulture)} characters, the most one line may have; is this the right file?";

    /// <summary>Characters asked of the reader at a time.</summary>
    public const int ChunkLength = 1 << 16;

    private readonly char[] _chunk = new char[ChunkLength];
    private readonly StringBuilder _line = new();
    private int _start;
    private int _end;
    private bool _afterCarriageReturn;

    /// <summary>The number of the line <see cref="ReadLine"/> returned last (1 for the first).</summary>
    public int Number { get; private set; }

    /// <summary>The next line without its end, or <c>null</c> at the end of the file.</summary>
    /// <exception cref="CliInputException">The line is longer than <see cref="MaxLength"/>; the message names it.</exception>
    public string? ReadLine()
    {
        _line.Clear();
        var any = false;
        while (true)
        {
            if (_start == _end && !Fill())
                return any ? Take() : null;
            // A \r\n split across two chunks is still one line end.
            if (_afterCarriageReturn)
            {
                _afterCarriageReturn = false;
                if (_chunk[_start] == '\n')
                {
                    _start++;
                    continue;
                }
            }
            if (!any)
            {
                any = true;
                Number++;
            }
            var rest = _chunk.AsSpan(_start, _end - _start);
            var stop = rest.IndexOfAny('\r', '\n');
            var part = stop < 0 ? rest : rest[..stop];
            if (_line.Length + part.Length > MaxLength)
                throw new CliInputException($"{source}: line {Number}: {TooLong}");
            if (stop < 0)
            {
                _line.Append(part);
                _start = _end;
                continue;
            }
            _afterCarriageReturn = rest[stop] == '\r';
            _start += stop + 1;
            if (_line.Length == 0)
                return new string(part); // the common case: the whole line in one chunk, copied once
            _line.Append(part);
            return Take();
        }
    }

    private bool Fill()
    {
        _start = 0;
        _end = reader.Read(_chunk, 0, _chunk.Length);
        return _end > 0;
    }

    private string Take() => _line.ToString();
}
