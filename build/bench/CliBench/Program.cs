using System.Globalization;
using System.Text;

// Writes a deterministic orders export for `retention metrics` / `clv --orders`:
//   CliBench --rows 5000000 --customers 1000000 --seed 16 --out FILE
// Orders in time order over three years (2022-01-01 to 2024-12-31), customers drawn with a skew (a few buy often),
// totals with two decimals, 3 % Cancelled, 1 % Refunded with a negative total, two stores, text order numbers for
// store 2 ("SO-…"), so the file has the shapes a real export has. Same arguments, same bytes.
var rows = 5_000_000;
var customers = 1_000_000;
var seed = 16;
string? output = null;
for (var i = 0; i < args.Length; i += 2)
{
    var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--rows": rows = int.Parse(value, CultureInfo.InvariantCulture); break;
        case "--customers": customers = int.Parse(value, CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(value, CultureInfo.InvariantCulture); break;
        case "--out": output = value; break;
        default: throw new ArgumentException($"unknown option {args[i]}");
    }
}
if (output is null)
    throw new ArgumentException("give --out FILE");

var random = new Random(seed);
var start = new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
var span = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks - start;
using var file = new StreamWriter(output, false, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
file.WriteLine("order_id,customer_id,created_utc,total,status,store_id");
var line = new StringBuilder(96);
for (var i = 0; i < rows; i++)
{
    // Time order with a little jitter per second; customers skewed toward low ids (u² puts more mass near 0).
    var ticks = start + (long)((double)span * i / rows) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond;
    var u = random.NextDouble();
    var customer = 1 + (int)(u * u * 0.5 * customers + random.NextDouble() * 0.5 * customers) % customers;
    var roll = random.Next(100);
    var status = roll < 3 ? "Cancelled" : roll < 4 ? "Refunded" : roll < 10 ? "Processing" : "Complete";
    var cents = 500 + random.Next(50_000);
    if (status == "Refunded")
        cents = -cents;
    var store = random.Next(10) == 0 ? 2 : 1;
    line.Clear();
    if (store == 2)
        line.Append("SO-").Append(i + 1);
    else
        line.Append(i + 1);
    line.Append(',').Append(customer).Append(',')
        .Append(new DateTime(ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append(',')
        .Append((cents / 100m).ToString("0.00", CultureInfo.InvariantCulture)).Append(',')
        .Append(status).Append(',').Append(store);
    file.WriteLine(line);
}
