using System.Text;
using System.Xml;

namespace Nop.Plugin.Misc.Retention.Services;

/// <summary>
/// The plugin's resources as a nopCommerce language file: the XML that Languages › Export resources writes and Import
/// resources reads (<c>&lt;Language Name="…"&gt;&lt;LocaleResource Name="…"&gt;&lt;Value&gt;…&lt;/Value&gt;&lt;/LocaleResource&gt;…</c>,
/// <c>LocalizationService.ExportResourcesToXmlAsync</c> / <c>ImportResourcesFromXmlAsync</c>). A translator starts from
/// <see cref="ToXml"/> of the English set, and the store imports the translated file into the new language.
/// </summary>
public static class LanguagePackXml
{
    /// <summary>The resources as nopCommerce exports a language: one <c>LocaleResource</c> per name, ordered by name.</summary>
    public static string ToXml(string languageName, IEnumerable<KeyValuePair<string, string>> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        // Written to bytes, as nopCommerce does, so the declaration says utf-8 (a StringBuilder would make it utf-16).
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("Language");
            writer.WriteAttributeString("Name", languageName);
            foreach (var (name, value) in resources.OrderBy(r => r.Key, StringComparer.OrdinalIgnoreCase))
            {
                writer.WriteStartElement("LocaleResource");
                writer.WriteAttributeString("Name", name);
                writer.WriteElementString("Value", value);
                writer.WriteEndElement();
            }
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// The resources a language file holds, read as nopCommerce's import reads them: the first <c>Language</c>, each
    /// <c>LocaleResource</c>'s <c>Name</c> (lower-cased, as nopCommerce stores names on import) and its <c>Value</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> FromXml(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var resources = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = XmlReader.Create(new StringReader(xml));
        if (!reader.ReadToFollowing("Language"))
            return resources;
        using var language = reader.ReadSubtree();
        while (language.ReadToFollowing("LocaleResource"))
        {
            if (language.GetAttribute("Name") is not { } name)
                continue;
            using var resource = language.ReadSubtree();
            if (resource.ReadToFollowing("Value"))
                resources[name.ToLowerInvariant()] = resource.ReadElementContentAsString();
        }
        return resources;
    }
}
