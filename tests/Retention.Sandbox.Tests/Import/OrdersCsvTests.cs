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
    [TestCase(" ,1,2024-01-02T00:00:00Z,5,Complete,1", "order_id is empty", TestName = "Empty_order_id_is_reported_with_its_line_number")]
    [TestCase("2,1,2024-01-02T00:00:00Z,-5,Pending,1", "negative", TestName = "Negative_total_of_a_pending_order_is_reported_with_its_line_number")]
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

    [Test]
    public void Order_numbers_are_text_unique_per_store_and_the_orders_are_numbered_in_file_order()
    {
        var result = Parse(Header,
            "#1001,5,2024-01-05T00:00:00Z,10,Complete,1",
            "SO-2024-17,5,2024-02-05T00:00:00Z,20,Complete,1",
            "C536379,6,2024-01-07T00:00:00Z,-7.50,Credit,1",
            "#1001,6,2024-01-08T00:00:00Z,30,Complete,2",
            "17,6,2024-01-09T00:00:00Z,30,Complete,2",
            "0017,6,2024-01-10T00:00:00Z,30,Complete,2");

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Orders.Select(o => (o.OrderKey, o.OrderId, o.Line)), Is.EqualTo(new[]
        {
            ("#1001", 1, 2), ("SO-2024-17", 2, 3), ("C536379", 3, 4), ("#1001", 4, 5), ("17", 5, 6), ("0017", 6, 7),
        }), "the same number in two stores is two orders; 17 and 0017 are two texts");
    }

    [Test]
    public void Whole_number_order_ids_unique_across_the_file_stay_the_stores_ids()
    {
        var result = Parse(Header, "1001,5,2024-01-05T00:00:00Z,10,Complete,1", "7,5,2024-02-05T00:00:00Z,20,Complete,2");

        Assert.That(result.Orders.Select(o => o.OrderId), Is.EqualTo(new[] { 1001, 7 }));
    }

    [Test]
    public void A_text_order_number_repeated_in_its_store_is_a_duplicate_naming_the_first_line()
    {
        var result = Parse(Header, "SO-1,5,2024-01-05T00:00:00Z,10,Complete,1", "SO-2,5,2024-01-05T00:00:00Z,10,Complete,1", "SO-1,6,2024-01-06T00:00:00Z,10,Complete,1");

        Assert.That(result.Errors.Select(e => e.ToString()), Is.EqualTo(new[] { "line 4: order_id SO-1 is a duplicate of line 2" }));
    }

    [TestCase("Cancelled", false)]
    [TestCase("canceled", false)]
    [TestCase("40", false)]
    [TestCase("Refunded", true)]
    [TestCase("Credit", true)]
    [TestCase("credit note", true)]
    public void Cancellation_refund_and_credit_rows_may_have_zero_or_negative_totals_and_are_never_paid_orders(string status, bool refund)
    {
        var result = Parse(Header,
            "536365,5,2024-01-05T00:00:00Z,27.50,Complete,1",
            $"C536379,5,2024-01-06T00:00:00Z,-27.50,{status},1",
            $"C536380,5,2024-01-07T00:00:00Z,0,{status},1");

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Orders.Skip(1).Select(o => (o.Status, o.Refund, o.Total)),
            Is.EqualTo(new[] { (OrderState.Cancelled, refund, -27.50m), (OrderState.Cancelled, refund, 0m) }));
        var credit = OrdersImport.ToStore(result.Orders).Orders.Single(o => o.Id == 2);
        Assert.That((credit.OrderStatusId, credit.PaidDateUtc, credit.OrderTotal), Is.EqualTo(((int)OrderState.Cancelled, (DateTime?)null, 27.50m)));
        Assert.That((credit.PaymentStatusId, credit.RefundedAmount),
            Is.EqualTo(refund ? ((int)PaymentState.Refunded, 27.50m) : ((int)PaymentState.Voided, 0m)));
    }

    [Test]
    public void A_negative_total_on_a_purchase_names_the_statuses_that_may_have_one()
    {
        var result = Parse(Header, "C536379,5,2024-01-06T00:00:00Z,-27.50,Complete,1");

        Assert.That(result.Errors.Single().ToString(),
            Is.EqualTo("line 2: total -27.50 is negative; only a row whose status is Cancelled, Refunded or Credit may have a negative total"));
    }

    [TestCase("order_id;customer_id;created_utc;total", "semicolons (;)")]
    [TestCase("\"order_id\";\"customer_id\";\"created_utc\";\"total\";\"status\"", "semicolons (;)")]
    [TestCase("order_id\tcustomer_id\tcreated_utc\ttotal", "tabs")]
    [TestCase("order_id|customer_id|created_utc|total", "bars (|)")]
    public void A_header_separated_by_something_else_than_commas_says_which_separator_it_found(string header, string named)
    {
        var result = Parse(header, "1;1;2024-01-06T00:00:00Z;27,50");

        Assert.That(result.Errors.Single().ToString(),
            Is.EqualTo($"line 1: the columns are separated by {named}, not commas; save the export as comma-separated CSV (numbers with a dot for decimals)"));
    }

    [Test]
    public void A_file_with_a_byte_order_mark_crlf_line_ends_and_quoted_fields_with_commas_and_quotes_is_read()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(
                "order_id,customer_id,created_utc,total,status,note\r\n"
                + "\"SO, \"\"A\"\"\",5,2024-01-05T00:00:00Z,\"10.00\",Complete,\"gift, wrapped\"\r\n"
                + "#1002,5,2024-01-06T00:00:00Z,5,Complete,\"\"\r\n")).ToArray());

            var result = OrdersCsv.ParseFile(path);

            Assert.That(result.Errors, Is.Empty);
            Assert.That(result.Orders.Select(o => (o.OrderKey, o.Total)), Is.EqualTo(new[] { ("SO, \"A\"", 10.00m), ("#1002", 5m) }));
        }
        finally
        {
            File.Delete(path);
        }
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
