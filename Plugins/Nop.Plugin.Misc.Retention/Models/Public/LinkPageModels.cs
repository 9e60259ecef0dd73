using Nop.Web.Framework.Models;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Models.Public;

/// <summary>A refused email link: why, in the shopper's language. Nothing was changed.</summary>
public record LinkErrorModel : BaseNopModel
{
    public LinkStatus Status { get; init; }

    /// <summary>The localized sentence for <see cref="Status"/> (or for a refused target).</summary>
    public string Message { get; init; }
}

/// <summary>The unsubscribe page: the question and its button (the link opened), or the result (the button pressed).</summary>
public record LinkUnsubscribeModel : BaseNopModel
{
    public string Token { get; init; }

    /// <summary>The link was opened and the customer still gets marketing email: the page asks, with a button.</summary>
    public bool Asking { get; init; }

    /// <summary>The button was pressed (or a mail client posted): the page says what happened.</summary>
    public bool Done { get; init; }

    /// <summary>False when the customer had unsubscribed already (the link followed twice): still a confirmation.</summary>
    public bool Changed { get; init; }
}

/// <summary>The survey page: the score the click recorded (or the one that stands), and the comment form.</summary>
public record LinkSurveyModel : BaseNopModel
{
    public string Token { get; init; }

    public SurveyKind Kind { get; init; }

    /// <summary>The score that stands: this click's, or the earlier answer's.</summary>
    public int Score { get; init; }

    /// <summary>What the score means to the shopper (a win-back reason's text, else the number).</summary>
    public string ScoreText { get; init; }

    /// <summary>The survey was answered before this click; the earlier score stands.</summary>
    public bool AnsweredBefore { get; init; }

    /// <summary>The link was opened and nothing is recorded yet: the page shows the score with a button that records it.</summary>
    public bool Asking { get; init; }

    /// <summary>The comment was saved (the page after the form).</summary>
    public bool CommentSaved { get; init; }

    public string Comment { get; init; }

    public int MaxCommentLength => SurveyAnswer.MaxCommentLength;
}
