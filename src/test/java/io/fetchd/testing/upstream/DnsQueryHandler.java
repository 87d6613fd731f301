package io.fetchd.testing.upstream;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsSection;

import java.util.List;

/**
 * Answers one decoded query from the {@link TestDnsServer}'s zones. The query is released by
 * {@link SimpleChannelInboundHandler}; the response (and the record buffers it owns) is released
 * by the encoder or by the failed write. Event loop only.
 */
final class DnsQueryHandler extends SimpleChannelInboundHandler<DatagramDnsQuery> {

    private final TestDnsServer server;

    DnsQueryHandler(TestDnsServer server) {
        this.server = server;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
        DnsQuestion question = query.recordAt(DnsSection.QUESTION);
        if (question == null) {
            return;
        }
        TestDnsServer.Zone zone = server.queried(question.name());
        if (zone.silent()) {
            return;
        }
        DatagramDnsResponse response = new DatagramDnsResponse(
                query.recipient(), query.sender(), query.id(), query.opCode(), zone.rcode());
        response.setAuthoritativeAnswer(true)
                .setRecursionDesired(query.isRecursionDesired())
                .setRecursionAvailable(true);
        response.addRecord(DnsSection.QUESTION, question); // DnsQuestion holds no buffer
        List<byte[]> addresses = DnsRecordType.A.equals(question.type()) ? zone.ipv4()
                : DnsRecordType.AAAA.equals(question.type()) ? zone.ipv6()
                : List.of();
        for (byte[] address : addresses) {
            response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(), question.type(),
                    zone.ttlSeconds(), ctx.alloc().buffer(address.length).writeBytes(address)));
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A malformed datagram or a failed send must not stop the server; the client under test
        // sees a missing answer, which is what it would see from a broken real server.
    }
}
