using Nop.Plugin.Misc.Retention.Models.Admin;
using Nop.Web.Framework.Mvc.ModelBinding;
using Retention.Core.Coupons;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Tests.Ui;

public class WorkflowLocaleTests
{
    [Test]
    public void Every_text_the_workflow_pages_build_from_a_name_has_an_english_resource()
    {
        var english = RetentionLocales.English();
        var keys = new List<string>();
        keys.AddRange(Enum.GetValues<WorkflowKind>().Select(RetentionLocales.WorkflowName));
        keys.AddRange(Enum.GetValues<LinkStatus>().Select(RetentionLocales.LinkStatus));
        keys.AddRange(WinBackReasons.All.Keys.Select(RetentionLocales.WinBackReason));
        keys.AddRange(Enum.GetValues<StepCondition>().Select(v => RetentionLocales.WorkflowEnum(v)));
        keys.AddRange(Enum.GetValues<CouponKind>().Select(v => RetentionLocales.WorkflowEnum(v)));
        keys.AddRange(Enum.GetValues<AttributionBasis>().Select(v => RetentionLocales.WorkflowEnum(v)));
        keys.AddRange(Enum.GetValues<BuiltInRemindersMode>().Select(v => RetentionLocales.WorkflowEnum(v)));
        keys.AddRange(Enum.GetValues<SurveyKind>().Select(v => RetentionLocales.WorkflowEnum(v)));
        keys.AddRange(Enum.GetValues<SurveyKind>().Select(RetentionLocales.WorkflowSurveyScore));
        // Every labelled field of the workflow models, with the hint its row shows.
        var labels = new[] { typeof(WorkflowEditModel), typeof(WorkflowProgramModel) }
            .SelectMany(t => t.GetProperties())
            // The attribute's data, not an instance: the NopSdk stand-in's constructor has no body.
            .SelectMany(p => p.GetCustomAttributesData().Where(a => a.AttributeType == typeof(NopResourceDisplayNameAttribute)))
            .Select(a => (string)a.ConstructorArguments[0].Value)
            .ToList();
        Assert.That(labels, Has.Count.GreaterThanOrEqualTo(18));
        keys.AddRange(labels.SelectMany(k => new[] { k, k + ".Hint" }));

        Assert.That(keys.Where(k => !english.TryGetValue(k, out var text) || string.IsNullOrWhiteSpace(text)), Is.Empty);
    }
}
