extension Migration {
    /// 9: agents can be deactivated (their sessions and tokens end; their name stays on their history).
    static let agentLifecycle = Migration(version: 9, name: "agent deactivation") { _ in
        ["ALTER TABLE agents ADD COLUMN deactivated_at BIGINT"]
    }
}
