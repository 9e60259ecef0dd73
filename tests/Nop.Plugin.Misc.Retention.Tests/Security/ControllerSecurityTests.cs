using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Nop.Plugin.Misc.Retention.Controllers;

namespace Nop.Plugin.Misc.Retention.Tests.Security;

/// <summary>
/// Who may call what, read from the plugin assembly itself, so a controller or action added later is held to the same
/// rules without anyone remembering to add a test: admin actions check <c>Retention.Manage</c>, every state-changing
/// request validates the antiforgery token, shopper actions never take a customer id from the request.
/// </summary>
/// <remarks>
/// Attributes are read as <see cref="CustomAttributeData"/> by name: the NopSdk stand-ins throw when constructed, and
/// the names are the same in the real nopCommerce assemblies.
/// </remarks>
public class ControllerSecurityTests
{
    private static readonly Assembly Plugin = typeof(RetentionAdminController).Assembly;

    private static readonly string[] UnsafeVerbs = { "HttpPostAttribute", "HttpPutAttribute", "HttpDeleteAttribute", "HttpPatchAttribute" };

    /// <summary>Names that say an action changes something: such an action must only answer a POST (GET skips the token check).</summary>
    private static readonly string[] ChangingNames = { "Save", "Delete", "Remove", "Adjust", "Sync", "Update", "Add", "Create", "Send", "Reset", "Enroll", "Cancel", "Import" };

    private static IEnumerable<Type> Controllers() =>
        Plugin.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && typeof(ControllerBase).IsAssignableFrom(t));

    private static IEnumerable<MethodInfo> Actions(Type controller) =>
        controller.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && !Attributes(m).Any(a => a.AttributeType.Name == "NonActionAttribute"));

    private static IEnumerable<CustomAttributeData> Attributes(MemberInfo member) => member.GetCustomAttributesData();

    /// <summary>The attributes of a controller and its base classes (MVC applies inherited filter attributes).</summary>
    private static IEnumerable<CustomAttributeData> ControllerAttributes(Type controller)
    {
        for (var type = controller; type != null && type != typeof(object); type = type.BaseType)
            foreach (var attribute in Attributes(type))
                yield return attribute;
    }

    private static bool Has(IEnumerable<CustomAttributeData> attributes, string name) => attributes.Any(a => a.AttributeType.Name == name);

    private static bool IsAdmin(Type controller) =>
        ControllerAttributes(controller).Any(a => a.AttributeType.Name == "AreaAttribute" && Equals(a.ConstructorArguments.FirstOrDefault().Value, "Admin"))
        || Has(ControllerAttributes(controller), "AuthorizeAdminAttribute")
        || controller.Name.Contains("Admin", StringComparison.Ordinal) || controller.Name.Contains("Report", StringComparison.Ordinal);

    private static readonly string[] RetentionPermissions = typeof(RetentionDefaults.Permissions)
        .GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()).ToArray();

    [Test]
    public void The_plugin_has_admin_and_shopper_controllers_to_check()
    {
        Assert.That(Controllers().Where(IsAdmin).Select(c => c.Name), Is.SupersetOf(new[]
        {
            nameof(RetentionAdminController), nameof(RetentionLoyaltyAdminController), nameof(RetentionReportController),
        }));
        Assert.That(Controllers().Where(c => !IsAdmin(c)).Select(c => c.Name), Does.Contain(nameof(RetentionRewardsController)));
        Assert.That(RetentionPermissions, Does.Contain(RetentionDefaults.Permissions.Manage));
    }

    [Test]
    public void Every_admin_controller_is_in_the_admin_area_behind_the_admin_login()
    {
        foreach (var controller in Controllers().Where(IsAdmin))
        {
            var attributes = ControllerAttributes(controller).ToList();
            Assert.That(attributes.Any(a => a.AttributeType.Name == "AreaAttribute" && Equals(a.ConstructorArguments.FirstOrDefault().Value, "Admin")),
                Is.True, $"{controller.Name} needs [Area(AreaNames.ADMIN)]");
            Assert.That(Has(attributes, "AuthorizeAdminAttribute"), Is.True, $"{controller.Name} needs [AuthorizeAdmin]");
            Assert.That(attributes.Where(a => a.AttributeType.Name == "AuthorizeAdminAttribute")
                .All(a => a.ConstructorArguments.Count == 0 || Equals(a.ConstructorArguments[0].Value, false)), Is.True,
                $"{controller.Name}: [AuthorizeAdmin(ignore: true)] switches the admin login off");
        }
    }

    [Test]
    public void Every_admin_action_checks_a_retention_permission()
    {
        var checkedActions = 0;
        foreach (var controller in Controllers().Where(IsAdmin))
            foreach (var action in Actions(controller))
            {
                var permission = Attributes(action).Concat(Attributes(controller))
                    .Where(a => a.AttributeType.Name == "CheckPermissionAttribute")
                    .Select(a => a.ConstructorArguments.FirstOrDefault().Value as string)
                    .FirstOrDefault(p => RetentionPermissions.Contains(p));
                Assert.That(permission, Is.Not.Null, $"{controller.Name}.{action.Name} has no [CheckPermission(RetentionDefaults.Permissions.…)]: an admin without the permission could call it");
                checkedActions++;
            }
        Assert.That(checkedActions, Is.GreaterThanOrEqualTo(11), "the eleven admin actions of today are all seen");
        TestContext.Out.WriteLine($"{checkedActions} admin actions check a Retention permission");
    }

    /// <summary>The only POST without an antiforgery check: the one-click unsubscribe a mail client makes (RFC 8058).</summary>
    private static readonly HashSet<(string Controller, string Action)> OneClickPosts =
        [(nameof(RetentionLinksController), nameof(RetentionLinksController.UnsubscribeConfirm))];

    [Test]
    public void Every_state_changing_action_of_every_controller_validates_the_antiforgery_token()
    {
        var posts = 0;
        foreach (var controller in Controllers())
        {
            var onController = ControllerAttributes(controller).ToList();
            foreach (var action in Actions(controller))
            {
                var onAction = Attributes(action).ToList();
                var unsafeVerb = onAction.Any(a => UnsafeVerbs.Contains(a.AttributeType.Name));
                if (!unsafeVerb)
                {
                    Assert.That(ChangingNames.Any(n => action.Name.StartsWith(n, StringComparison.Ordinal)), Is.False,
                        $"{controller.Name}.{action.Name} sounds like it changes data but answers GET, where no antiforgery token is checked");
                    continue;
                }
                posts++;
                if (OneClickPosts.Contains((controller.Name, action.Name)))
                {
                    // RFC 8058: a mail client posts "List-Unsubscribe=One-Click" with no antiforgery token; the signed token in
                    // the address is the proof, checked before anything changes (the links tests prove a tampered one changes nothing).
                    Assert.That(Has(onAction, "IgnoreAntiforgeryTokenAttribute"), Is.True, $"{controller.Name}.{action.Name} must take a mail client's one-click POST");
                    continue;
                }
                var validated = Has(onAction, "ValidateAntiForgeryTokenAttribute") || Has(onAction, "AutoValidateAntiforgeryTokenAttribute")
                    || Has(onController, "ValidateAntiForgeryTokenAttribute") || Has(onController, "AutoValidateAntiforgeryTokenAttribute");
                Assert.That(validated, Is.True, $"{controller.Name}.{action.Name} accepts a POST without an antiforgery check");
                Assert.That(Has(onAction, "IgnoreAntiforgeryTokenAttribute") || Has(onController, "IgnoreAntiforgeryTokenAttribute"), Is.False,
                    $"{controller.Name}.{action.Name} switches the antiforgery check off");
            }
        }
        Assert.That(posts, Is.GreaterThanOrEqualTo(4), "today's POST actions (configure, loyalty settings, adjust points, sync segment role) are all seen");
        TestContext.Out.WriteLine($"{posts} POST actions validate the antiforgery token");
    }

    [Test]
    public void Shopper_actions_take_no_customer_id_from_the_request()
    {
        var actions = 0;
        foreach (var controller in Controllers().Where(c => !IsAdmin(c)))
            foreach (var action in Actions(controller))
            {
                actions++;
                foreach (var parameter in action.GetParameters())
                    Assert.That(parameter.Name!.Contains("customer", StringComparison.OrdinalIgnoreCase), Is.False,
                        $"{controller.Name}.{action.Name}({parameter.Name}): a shopper's page takes the customer from the work context, never from the request");
            }
        Assert.That(actions, Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public void Shopper_view_components_take_no_customer_id_from_their_caller()
    {
        var components = Plugin.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && t.Name.EndsWith("ViewComponent", StringComparison.Ordinal)
                                                       && !t.Name.Contains("Admin", StringComparison.Ordinal)).ToList();
        Assert.That(components, Is.Not.Empty);
        foreach (var component in components)
            foreach (var invoke in component.GetMethods().Where(m => m.Name is "InvokeAsync" or "Invoke"))
                foreach (var parameter in invoke.GetParameters())
                    Assert.That(parameter.Name!.Contains("customerId", StringComparison.OrdinalIgnoreCase), Is.False,
                        $"{component.Name}.{invoke.Name}({parameter.Name})");
    }
}
