package io.marketplace.app;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;

/**
 * Holds the reply to a write command on one client connection of the embedded server until the group commit has
 * synced that write, so the client never hears "ok" for a change a crash could still lose. The server's thread is
 * not blocked meanwhile: the reply waits here and is written from the connection's event loop once synced.
 *
 * <p>Invariant: replies leave in the order the server produced them, and a reply marked {@link #AWAITS_SYNC}
 * leaves only after its commit succeeded; if the commit failed, the connection is closed instead (the client sees
 * an error, never an acknowledgement).
 */
final class DurableReplies extends ChannelOutboundHandlerAdapter {

    static final String NAME = "marketplace-durable-replies";

    /** Set by the backend while it runs a write command; the next reply on the channel is that command's. */
    static final AttributeKey<Boolean> AWAITS_SYNC = AttributeKey.valueOf("marketplace.awaits-sync");

    private final GroupCommit commits;
    private final ArrayDeque<Held> held = new ArrayDeque<>();

    private DurableReplies(GroupCommit commits) {
        this.commits = commits;
    }

    /** Marks the reply to the command now running on this channel as one that must wait for the sync. */
    static void awaitSync(Channel channel, GroupCommit commits) {
        if (channel.pipeline().get(NAME) == null) {
            // The server builds each connection's pipeline itself; ours is added on the connection's first write.
            channel.pipeline().addLast(NAME, new DurableReplies(commits));
        }
        channel.attr(AWAITS_SYNC).set(Boolean.TRUE);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean awaitsSync = Boolean.TRUE.equals(ctx.channel().attr(AWAITS_SYNC).getAndSet(null));
        if (!awaitsSync && held.isEmpty()) {
            ctx.write(msg, promise);
            return;
        }
        Held reply = new Held(msg, promise);
        reply.ready = !awaitsSync;
        held.add(reply);
        if (awaitsSync) {
            commits.afterNextSync(synced -> {
                try {
                    ctx.executor().execute(() -> release(ctx, reply, synced));
                } catch (RejectedExecutionException e) {
                    ReferenceCountUtil.release(msg);
                }
            });
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        dropHeld();
    }

    private void release(ChannelHandlerContext ctx, Held reply, boolean synced) {
        if (!synced) {
            dropHeld();
            ctx.close();
            return;
        }
        reply.ready = true;
        boolean wrote = false;
        while (!held.isEmpty() && held.peek().ready) {
            Held next = held.poll();
            ctx.write(next.msg, next.promise);
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
    }

    private void dropHeld() {
        Held reply;
        while ((reply = held.poll()) != null) {
            ReferenceCountUtil.release(reply.msg);
            reply.promise.tryFailure(new IllegalStateException("reply dropped: its write was not made durable"));
        }
    }

    private static final class Held {
        final Object msg;
        final ChannelPromise promise;
        boolean ready;

        Held(Object msg, ChannelPromise promise) {
            this.msg = msg;
            this.promise = promise;
        }
    }
}
