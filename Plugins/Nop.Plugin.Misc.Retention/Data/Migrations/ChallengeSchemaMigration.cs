using Nop.Data.Migrations;
using Nop.Plugin.Misc.Retention.Domain;

namespace Nop.Plugin.Misc.Retention.Data.Migrations;

/// <summary>
/// The challenges' table (completions, badges, leaderboard opt-ins) and the indexes of its two reads: a customer's records,
/// and a challenge's opt-ins and completions. Like the other later migrations: no process target (a fresh install and an
/// update both run it); Down drops the table.
/// </summary>
[NopMigration("2026/12/07 15:20:00:0000000", "Misc.Retention challenges and badges")]
public class ChallengeSchemaMigration : RetentionMigration
{
    public override void Up()
    {
        CreateTableIfMissing<RetentionChallengeRecord>();
        // Led by the customer: privacy's export and erasure read a customer's rows of every store.
        CreateIndexIfMissing(nameof(RetentionChallengeRecord), "IX_RetentionChallengeRecord_Customer",
            nameof(RetentionChallengeRecord.CustomerId), nameof(RetentionChallengeRecord.StoreId));
        CreateIndexIfMissing(nameof(RetentionChallengeRecord), "IX_RetentionChallengeRecord_Subject",
            nameof(RetentionChallengeRecord.StoreId), nameof(RetentionChallengeRecord.KindId), nameof(RetentionChallengeRecord.Subject));
    }

    public override void Down() => DeleteTableIfExists<RetentionChallengeRecord>();
}
