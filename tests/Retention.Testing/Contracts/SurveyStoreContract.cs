using Retention.Core.Common;
using Retention.Core.Workflows;
using Retention.Testing.Builders;

namespace Retention.Testing.Contracts;

/// <summary>What every <see cref="ISurveyStore"/> must do.</summary>
public abstract class SurveyStoreContract : PortContract<ISurveyStore>
{
    private static readonly StoreId Store1 = new(1);
    private static readonly CustomerId Customer1 = new(1);

    [Test]
    public async Task Recorded_answer_is_found_with_every_field()
    {
        var answer = WorkflowBuild.Answer(SurveyKind.Csat, 4, "order:12", answered: Build.Epoch.AddDays(2)) with { Comment = "Quick", EnrollmentId = 31 };

        Assert.That(await Port.TryAddAsync(answer), Is.True);

        Assert.That(await Port.FindAsync(SurveyKind.Csat, Store1, Customer1, "order:12"), Is.EqualTo(answer));
    }

    [Test]
    public async Task Second_answer_to_the_same_survey_is_refused_and_the_first_score_stands()
    {
        await Port.TryAddAsync(WorkflowBuild.Answer(SurveyKind.Nps, 9));

        var again = await Port.TryAddAsync(WorkflowBuild.Answer(SurveyKind.Nps, 2));

        Assert.That(again, Is.False);
        Assert.That((await Port.FindAsync(SurveyKind.Nps, Store1, Customer1, "nps"))!.Score, Is.EqualTo(9));
    }

    [Test]
    public async Task Racing_answers_to_one_survey_record_exactly_one()
    {
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(() => Port.TryAddAsync(WorkflowBuild.Answer(SurveyKind.Nps, i))));

        var results = await Task.WhenAll(attempts);

        Assert.That(results.Count(r => r), Is.EqualTo(1));
    }

    [Test]
    public async Task Answers_are_kept_apart_per_kind_store_customer_and_subject()
    {
        await Port.TryAddAsync(WorkflowBuild.Answer(SurveyKind.Csat, 5, "order:1"));
        await Port.TryAddAsync(WorkflowBuild.Answer(SurveyKind.Csat, 3, "order:2"));
        await Port.TryAddAsync(WorkflowBuild.Answer(SurveyKind.Csat, 1, "order:1", customer: 2));
        await Port.TryAddAsync(WorkflowBuild.Answer(SurveyKind.Csat, 2, "order:1", store: 2));

        Assert.That((await Port.FindAsync(SurveyKind.Csat, Store1, Customer1, "order:1"))!.Score, Is.EqualTo(5));
        Assert.That((await Port.FindAsync(SurveyKind.Csat, Store1, Customer1, "order:2"))!.Score, Is.EqualTo(3));
        Assert.That((await Port.FindAsync(SurveyKind.Csat, Store1, new CustomerId(2), "order:1"))!.Score, Is.EqualTo(1));
        Assert.That((await Port.FindAsync(SurveyKind.Csat, new StoreId(2), Customer1, "order:1"))!.Score, Is.EqualTo(2));
        Assert.That(await Port.FindAsync(SurveyKind.Nps, Store1, Customer1, "order:1"), Is.Null);
    }

    [Test]
    public async Task Comment_is_set_on_the_answer_and_a_later_one_replaces_it()
    {
        await Port.TryAddAsync(WorkflowBuild.Answer(SurveyKind.Nps, 3));

        var first = await Port.SetCommentAsync(SurveyKind.Nps, Store1, Customer1, "nps", "Slow delivery");
        var second = await Port.SetCommentAsync(SurveyKind.Nps, Store1, Customer1, "nps", "Slow delivery, wrong size");

        Assert.That(first && second, Is.True);
        var stored = await Port.FindAsync(SurveyKind.Nps, Store1, Customer1, "nps");
        Assert.That(stored!.Comment, Is.EqualTo("Slow delivery, wrong size"));
        Assert.That(stored.Score, Is.EqualTo(3));
    }

    [Test]
    public async Task Comment_without_an_answer_is_refused_and_creates_nothing()
    {
        var set = await Port.SetCommentAsync(SurveyKind.Nps, Store1, Customer1, "nps", "Hello");

        Assert.That(set, Is.False);
        Assert.That(await Port.FindAsync(SurveyKind.Nps, Store1, Customer1, "nps"), Is.Null);
    }

    [Test]
    public async Task Comment_of_the_longest_allowed_length_is_kept_whole()
    {
        await Port.TryAddAsync(WorkflowBuild.Answer(SurveyKind.Nps, 7));
        var comment = string.Concat(Enumerable.Repeat("Ünïcødé ", SurveyAnswer.MaxCommentLength / 8));

        await Port.SetCommentAsync(SurveyKind.Nps, Store1, Customer1, "nps", comment);

        Assert.That((await Port.FindAsync(SurveyKind.Nps, Store1, Customer1, "nps"))!.Comment, Is.EqualTo(comment));
    }
}
