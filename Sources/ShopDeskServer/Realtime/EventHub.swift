import Foundation
import ServiceLifecycle
import ShopDeskCore

/// Fans workspace events out to in-app subscribers (the web UI's live connections, tests), after the
/// change they describe has committed.
///
/// Publishing and subscribing never wait: both are commands on one queue, handled in order by `run()`,
/// so a subscriber sees every event published after `subscribe` returned. A slow subscriber loses its
/// oldest events rather than holding anyone up; screens re-read on reconnect anyway.
public actor EventHub: Service {
    private enum Command {
        case subscribe(UUID, Workspace.ID, AsyncStream<WorkspaceEvent>.Continuation)
        case unsubscribe(UUID)
        case publish(WorkspaceEvent, Workspace.ID)
    }

    private let commands: AsyncStream<Command>
    private let input: AsyncStream<Command>.Continuation
    private let bufferSize: Int
    private var subscribers: [Workspace.ID: [UUID: AsyncStream<WorkspaceEvent>.Continuation]] = [:]

    /// - Parameter bufferSize: events kept for a subscriber that has not read them yet.
    public init(bufferSize: Int = 256) {
        (self.commands, self.input) = AsyncStream.makeStream(of: Command.self)
        self.bufferSize = bufferSize
    }

    /// The events of one workspace from now on, until the stream is dropped or the server stops.
    public nonisolated func subscribe(workspace: Workspace.ID) -> AsyncStream<WorkspaceEvent> {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(of: WorkspaceEvent.self, bufferingPolicy: .bufferingNewest(self.bufferSize))
        let input = self.input
        continuation.onTermination = { _ in input.yield(.unsubscribe(id)) }
        if case .terminated = self.input.yield(.subscribe(id, workspace, continuation)) {
            continuation.finish()
        }
        return stream
    }

    /// Delivers `event` to the workspace's subscribers. Call it after the change has committed.
    public nonisolated func publish(_ event: WorkspaceEvent, workspace: Workspace.ID) {
        self.input.yield(.publish(event, workspace))
    }

    public func run() async throws {
        for await command in self.commands.cancelOnGracefulShutdown() {
            self.handle(command)
        }
        self.input.finish()
        for continuation in self.subscribers.values.flatMap(\.values) {
            continuation.finish()
        }
        self.subscribers.removeAll()
    }

    private func handle(_ command: Command) {
        switch command {
        case .subscribe(let id, let workspace, let continuation):
            self.subscribers[workspace, default: [:]][id] = continuation
        case .unsubscribe(let id):
            for workspace in self.subscribers.keys where self.subscribers[workspace]?[id] != nil {
                self.subscribers[workspace]?[id] = nil
                if self.subscribers[workspace]?.isEmpty == true { self.subscribers[workspace] = nil }
            }
        case .publish(let event, let workspace):
            for continuation in self.subscribers[workspace]?.values ?? [:].values {
                continuation.yield(event)
            }
        }
    }
}
