using Retention.Core.Store;
using Retention.Sandbox.Cli;
using Retention.Sandbox.Import;

namespace Retention.Sandbox.Tests.Import;

public sealed class OrdersCsvTests
{
    private static OrdersCsvResult Parse(params string[] lines) => OrdersCsv.Parse(new StringReader(string.Join("\n", lines)));

    private const string Header = "order_id,customer_id,created_utc,total,status,store_id";
    private const string Required = "order_id,customer_id,created_utc,total";

    [Test]
    public void Good_file_with_every_column_is_read_in_full()
    {
        var result = Parse(Header,
            "1001,17,2024-03-01T14:05:00Z,123.45,Complete,1",
            "1002,17,2024-03-09T08:00:00.500Z,9.99,Cancelled,2",
            "1003,18,2024-03-10 10:00:00+02:00,0,20,1");

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Orders, Has.Count.EqualTo(3));
        var first = result.Orders[0];
        Assert.That((first.Line, first.OrderId, first.CustomerId, first.Total, first.Status, first.StoreId),
            Is.EqualTo((2, 1001, 17, 123.45m, OrderState.Complete, 1)));
        Assert.That(first.CreatedUtc, Is.EqualTo(new DateTime(2024, 3, 1, 14, 5, 0, DateTimeKind.Utc)));
        Assert.That(first.CreatedUtc.Kind, Is.EqualTo(DateTimeKind.Utc));
        Assert.That(result.Orders[1].Status, Is.EqualTo(OrderState.Cancelled));
        Assert.That(result.Orders[1].StoreId, Is.EqualTo(2));
        Assert.That(result.Orders[2].CreatedUtc, Is.EqualTo(new DateTime(2024, 3, 10, 8, 0, 0, DateTimeKind.Utc)), "an offset is converted to UTC");
        Assert.That(result.Orders[2].Status, Is.EqualTo(OrderState.Processing), "status ids are accepted");
    }

    [Test]
    public void Optional_columns_may_be_absent_and_columns_are_matched_by_name_in_any_order()
    {
        var result = Parse("Total,created_utc,Customer_Id,order_id,channel", "15.5,2024-01-02T03:04:05Z,3,77,web");

        Assert.That(result.Errors, Is.Empty);
        var order = result.Orders.Single();
        Assert.That((order.OrderId, order.CustomerId, order.Total, order.Status, order.StoreId), Is.EqualTo((77, 3, 15.5m, OrderState.Complete, 1)));
    }

    [Test]
    public void Quoted_fields_and_a_trailing_blank_line_are_accepted()
    {
        var result = Parse("order_id,customer_id,created_utc,total,status", "\"5\",\"6\",\"2024-01-02T03:04:05Z\",\"1234.50\",\"Pending\"", "");

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Orders.Single().Total, Is.EqualTo(1234.50m));
    }

    [Test]
    public void Csv_row_with_unparseable_total_is_reported_with_its_line_number()
    {
        var result = Parse(Header, "1,1,2024-01-01T00:00:00Z,10.00,Complete,1", "2,1,2024-01-02T00:00:00Z,12;50,Complete,1");

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.Single().Line, Is.EqualTo(3));
        Assert.That(result.Errors.Single().Reason, Does.Contain("total '12;50'"));
        Assert.That(result.Orders, Is.Empty, "a file with a bad row yields no orders at all");
    }

    [TestCase("2,1,2024-01-02T00:00:00Z,\"12,50\",Complete,1", "total '12,50'", TestName = "Total_with_a_decimal_comma_is_reported_with_its_line_number")]
    [TestCase("2,1,2024-01-02T00:00:00Z,-5,Complete,1", "negative", TestName = "Negative_total_is_reported_with_its_line_number")]
    [TestCase("2,1,02/01/2024,5,Complete,1", "created_utc '02/01/2024'", TestName = "Date_that_is_not_ISO_8601_is_reported_with_its_line_number")]
    [TestCase("2,1,2024-02-30T00:00:00Z,5,Complete,1", "created_utc '2024-02-30T00:00:00Z'", TestName = "Impossible_date_is_reported_with_its_line_number")]
    [TestCase("2,1,2024-01-02T00:00:00Z,5,Shipped,1", "status 'Shipped'", TestName = "Unknown_status_is_reported_with_its_line_number")]
    [TestCase("2,1,2024-01-02T00:00:00Z,5,99,1", "status '99'", TestName = "Unknown_status_id_is_reported_with_its_line_number")]
    [TestCase("A2,1,2024-01-02T00:00:00Z,5,Complete,1", "order_id 'A2'", TestName = "Order_id_that_is_not_a_number_is_reported_with_its_line_number")]
    [TestCase("2,,2024-01-02T00:00:00Z,5,Complete,1", "customer_id is empty", TestName = "Missing_customer_id_is_reported_with_its_line_number")]
    [TestCase("2,0,2024-01-02T00:00:00Z,5,Complete,1", "customer_id '0'", TestName = "Customer_id_zero_is_reported_with_its_line_number")]
    [TestCase("2,1,2024-01-02T00:00:00Z,5,Complete,x", "store_id 'x'", TestName = "Bad_store_id_is_reported_with_its_line_number")]
    [TestCase("2,1,2024-01-02T00:00:00Z,5", "expected 6 fields", TestName = "Row_with_too_few_fields_is_reported_with_its_line_number")]
    [TestCase("2,1,2024-01-02T00:00:00Z,5,Complete,1,extra", "expected 6 fields", TestName = "Row_with_too_many_fields_is_reported_with_its_line_number")]
    [TestCase("2,1,\"2024-01-02T00:00:00Z,5,Complete,1", "quoted field is not closed", TestName = "Unclosed_quote_is_reported_with_its_line_number")]
    [TestCase("1,2,2024-01-02T00:00:00Z,5,Complete,1", "order_id 1 is a duplicate of line 2", TestName = "Duplicate_order_id_is_reported_with_both_line_numbers")]
    public void Bad_row_is_reported_with_its_line_number_and_reason(string badRow, string reason)
    {
        var result = Parse(Header, "1,1,2024-01-01T00:00:00Z,10.00,Complete,1", badRow);

        Assert.That(result.Errors, Has.Count.EqualTo(1));
        Assert.That(result.Errors[0].Line, Is.EqualTo(3));
        Assert.That(result.Errors[0].Reason, Does.Contain(reason));
        Assert.That(result.Orders, Is.Empty);
    }

    [Test]
    public void Every_bad_row_is_reported_not_only_the_first()
    {
        var result = Parse(Header,
            "1,1,yesterday,10.00,Complete,1",
            "2,1,2024-01-01T00:00:00Z,10.00,Complete,1",
            "3,x,2024-01-01T00:00:00Z,ten,Complete,1");

        Assert.That(result.Errors.Select(e => e.Line), Is.EqualTo(new[] { 2, 4, 4 }));
        Assert.That(result.Describe("orders.csv"), Does.Contain("line 2: created_utc 'yesterday'").And.Contain("line 4: customer_id 'x'").And.Contain("nothing was loaded"));
    }

    [Test]
    public void Duplicate_order_id_is_reported_even_on_a_row_with_other_problems()
    {
        var result = Parse(Header, "1,1,2024-01-01T00:00:00Z,10.00,Complete,1", "1,1,2024-01-01T00:00:00Z,ten,Complete,1");

        Assert.That(result.Errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            "line 3: order_id 1 is a duplicate of line 2",
            "line 3: total 'ten' is not a number such as 1234.50 (a dot for decimals, no thousands separator)",
        }));
    }

    [Test]
    public void Header_missing_a_required_column_is_reported_on_line_1()
    {
        var result = Parse("order_id,customer,created_utc,amount", "1,1,2024-01-01T00:00:00Z,10.00");

        Assert.That(result.Errors.Single().Line, Is.EqualTo(1));
        Assert.That(result.Errors.Single().Reason, Does.Contain("missing the column(s) customer_id, total"));
    }

    [Test]
    public void File_without_a_header_is_refused_because_its_first_row_is_taken_as_the_header()
    {
        var result = Parse("1,1,2024-01-01T00:00:00Z,10.00");

        Assert.That(result.Errors.Single().Line, Is.EqualTo(1));
        Assert.That(result.Errors.Single().Reason, Does.Contain("missing the column(s)"));
    }

    [Test]
    public void Empty_file_and_header_only_file_are_refused()
    {
        Assert.That(Parse("").Errors.Single().Reason, Does.Contain("empty"));
        Assert.That(Parse(Header).Errors.Single().Reason, Does.Contain("no orders"));
    }

    [Test]
    public void Long_error_lists_are_cut_with_a_count_of_the_rest()
    {
        var rows = Enumerable.Range(1, 60).Select(i => $"{i},1,bad,1,Complete,1");
        var result = Parse(new[] { Header }.Concat(rows).ToArray());

        var message = result.Describe("orders.csv", maxListed: 50);

        Assert.That(message, Does.Contain("60 problem(s)").And.Contain("line 51:").And.Contain("and 10 more"));
        Assert.That(message, Does.Not.Contain("line 52:"));
    }

    [Test]
    public void Import_makes_one_customer_per_distinct_customer_id_from_their_first_and_last_order()
    {
        var result = Parse(Header,
            "10,5,2024-01-05T00:00:00Z,10,Complete,1",
            "11,5,2024-02-05T00:00:00Z,20,Complete,1",
            "12,6,2024-01-07T00:00:00Z,30,Cancelled,1");

        var store = OrdersImport.ToStore(result.Orders);

        Assert.That(store.Customers.Select(c => c.Id), Is.EqualTo(new[] { 5, 6 }));
        Assert.That(store.Customers[0].CreatedOnUtc, Is.EqualTo(new DateTime(2024, 1, 5, 0, 0, 0, DateTimeKind.Utc)));
        Assert.That(store.Customers[0].LastActivityDateUtc, Is.EqualTo(new DateTime(2024, 2, 5, 0, 0, 0, DateTimeKind.Utc)));
        Assert.That(store.Orders.Single(o => o.Id == 12).PaymentStatusId, Is.EqualTo((int)PaymentState.Voided));
        Assert.That(store.Orders.Single(o => o.Id == 11).OrderTotal, Is.EqualTo(20m));
    }

    // The import reads what the CLI reads; it used to hold a whole line (about 11 bytes of memory per byte of it).
    [Test]
    public void A_line_longer_than_a_megabyte_is_reported_at_its_line_and_nothing_is_loaded()
    {
        var result = Parse(Required, "1,1,2024-03-01T00:00:00Z,1", "2,1,2024-03-01T00:00:00Z," + new string('9', InputLines.MaxLength));

        Assert.That(result.Orders, Is.Empty);
        Assert.That(result.Errors.Select(e => (e.Line, e.Reason)), Is.EqualTo(new[] { (3, InputLines.TooLong) }));
    }

    [Test]
    public void A_bad_field_is_quoted_in_at_most_40_characters_with_control_and_bidirectional_characters_shown_as_question_marks()
    {
        var huge = "12\u202E34" + new string('x', 100_000);

        var result = Parse(Required, $"1,1,2024-03-01T00:00:00Z,{huge}", "2,1,\u2066bad\u0007,5", "3,\u200Fx,2024-03-01T00:00:00Z,5");

        var reasons = result.Errors.Select(e => e.Reason).ToList();
        Assert.That(reasons, Has.Count.EqualTo(3));
        // Ordinal: NUnit's culture-aware Contain skips format characters.
        Assert.That(reasons.Where(r => r.Contains('\u202E') || r.Contains('\u2066') || r.Contains('\u0007') || r.Contains('\u200F')), Is.Empty);
        Assert.That(reasons.Max(r => r.Length), Is.LessThan(200));
        Assert.That(reasons[0], Does.Contain("'12?34xx").And.Contain("(100,005 characters)"));
        Assert.That(reasons[1], Does.Contain("'?bad?'"));
    }
}
