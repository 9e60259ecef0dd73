// Stand-ins for the Nop.Web.Framework 4.90 types the plugin's views compile against: the base page, the localizer,
// the HTML helper and the admin tag helpers. Only tests/Nop.Plugin.Misc.Retention.Views compiles against them, so a
// view that names a wrong model property, tag-helper attribute or helper member fails the build. Signatures and
// attribute names only; see ../CONTRACT.md.
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Nop.Web.Framework.Localization
{
    public delegate LocalizedString Localizer(string text, params object[] args);

    public partial class LocalizedString : HtmlString
    {
        public LocalizedString(string localized) : base(localized) => throw null;
        public string Text { get; }
    }
}

namespace Nop.Web.Framework.Mvc.Razor
{
    public abstract partial class NopRazorPage<TModel> : Microsoft.AspNetCore.Mvc.Razor.RazorPage<TModel>
    {
        public Nop.Web.Framework.Localization.Localizer T => throw null;
    }
}

namespace Nop.Web.Framework.UI
{
    public partial interface INopHtmlHelper
    {
        void AddTitleParts(string part);
        void AppendPageCssClassParts(string part);
        void SetActiveMenuItemSystemName(string systemName);
    }
}

// Upstream constructors take services (IHtmlHelper, IHtmlGenerator, ILocalizationService, IWorkContext,
// AdminAreaSettings) that tag-helper activation supplies at run time; a view never calls them, so none is public here.
namespace Nop.Web.Framework.TagHelpers.Admin
{
    [HtmlTargetElement("nop-label", Attributes = "asp-for", TagStructure = TagStructure.WithoutEndTag)]
    public partial class NopLabelTagHelper : TagHelper
    {
        private NopLabelTagHelper() => throw null;

        [HtmlAttributeName("asp-for")]
        public ModelExpression For { get; set; }

        [HtmlAttributeName("asp-display-hint")]
        public bool DisplayHint { get; set; }

        [HtmlAttributeNotBound]
        public ViewContext ViewContext { get; set; }
    }

    [HtmlTargetElement("nop-editor", Attributes = "asp-for", TagStructure = TagStructure.WithoutEndTag)]
    public partial class NopEditorTagHelper : TagHelper
    {
        private NopEditorTagHelper() => throw null;

        [HtmlAttributeName("asp-for")]
        public ModelExpression For { get; set; }

        [HtmlAttributeName("html-attributes")]
        public object CustomHtmlAttributes { get; set; }

        [HtmlAttributeName("asp-required")]
        public string IsRequired { get; set; }

        [HtmlAttributeName("asp-render-form-control-class")]
        public string RenderFormControlClass { get; set; }

        [HtmlAttributeName("asp-template")]
        public string Template { get; set; }

        [HtmlAttributeName("asp-postfix")]
        public string Postfix { get; set; }

        [HtmlAttributeNotBound]
        public ViewContext ViewContext { get; set; }
    }

    [HtmlTargetElement("nop-select", TagStructure = TagStructure.WithoutEndTag)]
    public partial class NopSelectTagHelper : TagHelper
    {
        private NopSelectTagHelper() => throw null;

        [HtmlAttributeName("asp-for")]
        public ModelExpression For { get; set; }

        [HtmlAttributeName("asp-for-name")]
        public string Name { get; set; }

        [HtmlAttributeName("asp-items")]
        public IEnumerable<SelectListItem> Items { get; set; }

        [HtmlAttributeName("asp-required")]
        public string IsRequired { get; set; }

        [HtmlAttributeName("asp-multiple")]
        public string IsMultiple { get; set; }

        [HtmlAttributeNotBound]
        public ViewContext ViewContext { get; set; }
    }

    [HtmlTargetElement("nop-override-store-checkbox", Attributes = "asp-for", TagStructure = TagStructure.WithoutEndTag)]
    public partial class NopOverrideStoreCheckboxHelper : TagHelper
    {
        private NopOverrideStoreCheckboxHelper() => throw null;

        [HtmlAttributeName("asp-for")]
        public ModelExpression For { get; set; }

        [HtmlAttributeName("asp-input")]
        public ModelExpression Input { get; set; }

        [HtmlAttributeName("asp-input2")]
        public ModelExpression Input2 { get; set; }

        [HtmlAttributeName("asp-store-scope")]
        public int StoreScope { get; set; }

        [HtmlAttributeName("asp-parent-container")]
        public string ParentContainer { get; set; }

        [HtmlAttributeNotBound]
        public ViewContext ViewContext { get; set; }
    }
}
