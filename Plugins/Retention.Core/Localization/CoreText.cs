using System.Globalization;

namespace Retention.Core.Localization;

/// <summary>
/// A sentence Core says, as a message key and its values rather than finished words: the host resolves the key in the
/// reader's language (the plugin from its locale resources, the sandbox from Core's tables) and fills it with
/// <see cref="TextFormat"/>. Core thereby stays free of nopCommerce and of any one language.
/// </summary>
public sealed class CoreText
{
    public CoreText(string key, params TextArg[] args)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        Key = key;
        Args = args ?? [];
    }

    /// <summary>The message key (<see cref="CoreMessages"/>).</summary>
    public string Key { get; }

    public IReadOnlyList<TextArg> Args { get; }

    /// <summary>The sentence filled into <paramref name="template"/>, the key's text in the reader's language.</summary>
    public string Render(string template, CultureInfo culture) => TextFormat.Format(template, culture, [.. Args]);

    /// <summary>The sentence in English, as Core wrote it before texts had keys.</summary>
    public string English() => Render(CoreMessages.English[Key], CultureInfo.InvariantCulture);

    public override string ToString() => English();
}
