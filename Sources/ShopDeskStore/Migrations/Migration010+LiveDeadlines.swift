extension Migration {
    /// 10: which rule a conversation's deadline comes from (the workspace's policy or a platform metric),
    /// and an index for waking snoozed conversations on time.
    static let liveDeadlines = Migration(version: 10, name: "platform deadlines and snooze wake-up") { _ in
        [
            "ALTER TABLE conversations ADD COLUMN deadline_rule TEXT",
            "CREATE INDEX conversations_snoozed ON conversations (snoozed_until) WHERE snoozed_until IS NOT NULL",
        ]
    }
}
