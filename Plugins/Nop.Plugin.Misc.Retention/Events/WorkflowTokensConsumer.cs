using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Nop.Core.Domain.Messages;
using Nop.Services.Events;

namespace Nop.Plugin.Misc.Retention.Events;

/// <summary>
/// Lists the <c>%Retention.*%</c> tokens in nopCommerce's message template editor. The editor asks for the tokens of a
/// template's token groups; nopCommerce knows no group for the plugin's templates, so the tokens are offered whatever
/// groups are asked for (the event does not say which template is being edited).
/// </summary>
public class WorkflowTokensConsumer : IConsumer<AdditionalTokensAddedEvent>
{
    public Task HandleEventAsync(AdditionalTokensAddedEvent eventMessage)
    {
        eventMessage?.AddTokens(RetentionDefaults.EditorTokens.All.Select(token => "%" + token + "%").ToArray());
        return Task.CompletedTask;
    }
}
