#include "watchcommand.h"

#include <QSocketNotifier>
#include <QTextStream>
#include <unistd.h>

namespace rasachat {

WatchCommand::WatchCommand(const WatchOptions &options, QTextStream &out, QTextStream &err, QObject *parent)
    : QObject(parent), m_options(options), m_out(out), m_err(err)
{}

WatchCommand::~WatchCommand() = default;

void WatchCommand::start()
{
    m_clock.start();
    QString error;
    m_channel = makeChannel(m_options.channel, &error);
    if (!m_channel) {
        m_err << "rasa-probe: " << error << Qt::endl;
        emit finished(2);
        return;
    }
    connect(m_channel.get(), &ChatChannel::traffic, this, &WatchCommand::print);
    connect(m_channel.get(), &ChatChannel::stateChanged, this,
            [this](ChatChannel::State s) { m_err << "rasa-probe: " << channelStateName(s) << Qt::endl; });
    connect(m_channel.get(), &ChatChannel::sessionConfirmed, this, [this](const QString &id) {
        m_err << "rasa-probe: session " << id << " confirmed; type a line to send it, Ctrl-C to stop"
              << Qt::endl;
    });
    connect(m_channel.get(), &ChatChannel::errorOccurred, this, [this](const ChannelError &e) {
        m_err << "rasa-probe: " << e.message << Qt::endl;
        if (m_channel->state() == ChatChannel::State::Disconnected)
            emit finished(3);
    });
    m_stdin = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
    connect(m_stdin, &QSocketNotifier::activated, this, [this] {
        QByteArray line;
        char c = 0;
        while (::read(STDIN_FILENO, &c, 1) == 1 && c != '\n')
            line += c;
        if (line.isEmpty() && c != '\n') { // end of input: keep watching, stop reading
            m_stdin->setEnabled(false);
            return;
        }
        UserMessage m;
        m.text = QString::fromUtf8(line).trimmed();
        if (!m.text.isEmpty())
            m_channel->send(m);
    });
    m_channel->open();
}

void WatchCommand::stop()
{
    if (m_channel)
        m_channel->close();
    emit finished(0);
}

void WatchCommand::print(const WireRecord &r)
{
    const bool out = r.direction == WireRecord::Direction::Outgoing;
    const QString payload = QString::fromUtf8(r.payload);
    const char *on = !m_options.colour ? "" : out ? "\x1b[36m" : "\x1b[33m"; // cyan: sent, yellow: received
    const char *off = m_options.colour ? "\x1b[0m" : "";
    const char *dim = m_options.colour ? "\x1b[2m" : "";
    m_out << dim << r.time.toString(QStringLiteral("HH:mm:ss.zzz")) << off << ' ' << on << (out ? "> " : "< ")
          << r.summary << ' ' << payload << off << Qt::endl;
}

} // namespace rasachat
