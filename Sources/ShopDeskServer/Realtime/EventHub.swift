import Foundation
import ServiceLifecycle
import ShopDeskCore

/// Fans workspace events out to in-app subscribers (the web UI's live connections, tests), after the
/// change they describe has committed.
///
/// Publishing and subscribing never wait: both are commands on one queue, handled in order by `run()`,
/// so a subscriber sees every event published after `subscribe` returned. A slow subscriber loses its
/// oldest events rather than holding anyone up; screens re-read on reconnect anyway. A subscriber
/// limited to some channel accounts (an agent's channel access) gets only their events, and those
/// whose channel is unknown.
public actor EventHub: Service {
    private struct Subscriber {
        var channels: Set<ChannelAccount.ID>?
        var continuation: AsyncStream<WorkspaceEvent>.Continuation
    }

    private enum Command {
        case subscribe(UUID, Workspace.ID, Subscriber)
        case unsubscribe(UUID)
        case publish(WorkspaceEvent, Workspace.ID, ChannelAccount.ID?)
    }

    private let commands: AsyncStream<Command>
    private let input: AsyncStream<Command>.Continuation
    private let bufferSize: Int
    private var subscribers: [Workspace.ID: [UUID: Subscriber]] = [:]

    /// - Parameter bufferSize: events kept for a subscriber that has not read them yet.
    public init(bufferSize: Int = 256) {
        (self.commands, self.input) = AsyncStream.makeStream(of: Command.self)
        self.bufferSize = bufferSize
    }

    /// The events of one workspace from now on (of `channels` only, when given), until the stream is
    /// dropped or the server stops.
    public nonisolated func subscribe(workspace: Workspace.ID, channels: Set<ChannelAccount.ID>? = nil) -> AsyncStream<WorkspaceEvent> {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: WorkspaceEvent.self, bufferingPolicy: .bufferingNewest(self.bufferSize))
        let input = self.input
        continuation.onTermination = { _ in input.yield(.unsubscribe(id)) }
        if case .terminated = self.input.yield(.subscribe(id, workspace, Subscriber(channels: channels, continuation: continuation))) {
            continuation.finish()
        }
        return stream
    }

    /// Delivers `event` to the workspace's subscribers who may see `channel` (all of them when nil).
    /// Call it after the change has committed.
    public nonisolated func publish(_ event: WorkspaceEvent, workspace: Workspace.ID, channel: ChannelAccount.ID? = nil) {
        self.input.yield(.publish(event, workspace, channel))
    }

    public func run() async throws {
        for await command in self.commands.cancelOnGracefulShutdown() {
            self.handle(command)
        }
        self.input.finish()
        for subscriber in self.subscribers.values.flatMap(\.values) {
            subscriber.continuation.finish()
        }
        self.subscribers.removeAll()
    }

    private func handle(_ command: Command) {
        switch command {
        case .subscribe(let id, let workspace, let subscriber):
            self.subscribers[workspace, default: [:]][id] = subscriber
        case .unsubscribe(let id):
            for workspace in self.subscribers.keys where self.subscribers[workspace]?[id] != nil {
                self.subscribers[workspace]?[id] = nil
                if self.subscribers[workspace]?.isEmpty == true { self.subscribers[workspace] = nil }
            }
        case .publish(let event, let workspace, let channel):
            for subscriber in self.subscribers[workspace]?.values ?? [:].values {
                if let channel, let allowed = subscriber.channels, !allowed.contains(channel) { continue }
                subscriber.continuation.yield(event)
            }
        }
    }
}
