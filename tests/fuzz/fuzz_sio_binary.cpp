// The Socket.IO binary assembler, driven as a server connection drives it: the input is a sequence of
// Engine.IO messages separated by \x1e, each either a text packet or (starting with 'b') one binary
// attachment. A text packet while attachments are expected, or an attachment while none are, ends the
// session (here: the run). Every packet that completes carries exactly the attachments it announced.

#include "fuzzsupport.h"
#include "socketio/siopacket.h"

using namespace rasachat;

RASACHAT_FUZZ_TARGET(sio_binary)
{
    const QByteArray input = FUZZ_BYTES;
    SioBinaryAssembler assembler;
    for (const QByteArray &message : input.split('\x1e')) {
        const bool binary = message.startsWith('b');
        if (binary) {
            if (assembler.state() != SioBinaryAssembler::State::Collecting)
                return 0;
            if (auto complete = assembler.add(message.mid(1))) {
                FUZZ_CHECK(complete->buffers.size() == complete->attachments, input);
                FUZZ_CHECK(complete->buffers.last() == message.mid(1), input);
                FUZZ_CHECK(assembler.state() == SioBinaryAssembler::State::Idle, input);
            }
            continue;
        }
        SioDecodeError error;
        auto packet = decodeSioPacket(message, &error);
        if (!packet || assembler.state() == SioBinaryAssembler::State::Collecting)
            return 0;
        if (packet->type != SioType::BinaryEvent && packet->type != SioType::BinaryAck)
            continue;
        const int announced = packet->attachments;
        if (auto complete = assembler.start(std::move(*packet))) {
            FUZZ_CHECK(announced == 0 && complete->buffers.isEmpty(), input);
            FUZZ_CHECK(assembler.state() == SioBinaryAssembler::State::Idle, input);
        } else {
            FUZZ_CHECK(announced > 0 && assembler.state() == SioBinaryAssembler::State::Collecting, input);
        }
    }
    assembler.reset();
    FUZZ_CHECK(assembler.state() == SioBinaryAssembler::State::Idle, input);
    return 0;
}
