#include "watchcommand.h"

#include <QDateTime>
#include <QFile>
#include <QSocketNotifier>
#include <QTextStream>
#include <unistd.h>

namespace rasachat {

WatchCommand::WatchCommand(const WatchOptions &options, QTextStream &out, QTextStream &err, QObject *parent)
    : QObject(parent), m_options(options), m_out(out), m_err(err)
{
    m_quiet.setSingleShot(true);
    connect(&m_quiet, &QTimer::timeout, this, &WatchCommand::maybeWriteRecording);
}

WatchCommand::~WatchCommand() = default;

void WatchCommand::start()
{
    m_clock.start();
    if (!m_options.recordPath.isEmpty()) {
        // A recording must not be lost at its end: find out now, before anything is said. Append leaves an
        // existing file as it is; a file made only to find out goes again.
        QFile file(m_options.recordPath);
        const bool existed = file.exists();
        if (!file.open(QIODevice::WriteOnly | QIODevice::Append)) {
            m_err << "rasa-probe watch: cannot write " << m_options.recordPath << ": " << file.errorString()
                  << Qt::endl;
            emit finished(2);
            return;
        }
        file.close();
        if (!existed)
            file.remove();
    }
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
    connect(m_channel.get(), &ChatChannel::botMessage, this, [this](const BotMessage &m) {
        if (m_options.recordPath.isEmpty())
            return;
        m_recording.append({RecordedMessage::From::Bot, {}, {}, m});
        if (m_inputEnded)
            m_quiet.start(m_options.quietMs);
    });
    connect(m_channel.get(), &ChatChannel::messageDelivered, this, [this](const QString &id) {
        m_unaccepted.remove(id);
        if (m_inputEnded)
            m_quiet.start(m_options.quietMs);
    });
    m_stdin = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
    connect(m_stdin, &QSocketNotifier::activated, this, [this] {
        QByteArray line;
        char c = 0;
        while (::read(STDIN_FILENO, &c, 1) == 1 && c != '\n')
            line += c;
        if (line.isEmpty() && c != '\n') { // end of input: keep watching (or record), stop reading
            m_stdin->setEnabled(false);
            m_inputEnded = true;
            if (!m_options.recordPath.isEmpty())
                m_quiet.start(m_options.quietMs);
            return;
        }
        UserMessage m;
        m.text = QString::fromUtf8(line).trimmed();
        if (m.text.isEmpty())
            return;
        m.messageId = newSessionId();
        m_unaccepted.insert(m.messageId);
        if (!m_options.recordPath.isEmpty())
            m_recording.append({RecordedMessage::From::User, m.text, {}, {}});
        m_channel->send(m);
    });
    m_channel->open();
}

void WatchCommand::maybeWriteRecording()
{
    if (!m_unaccepted.isEmpty())
        return; // the bot cannot have answered what the server has not taken yet; delivery restarts the wait
    saveRecording();
}

void WatchCommand::saveRecording()
{
    m_quiet.stop();
    if (m_recording.isEmpty()) {
        m_err << "rasa-probe watch: nothing was said, so there is nothing to record" << Qt::endl;
        return emit finished(2);
    }
    const QString comment =
        QStringLiteral(
            "Recorded by rasa-probe watch from %1 (socketio) on %2.\nRun it again: rasa-probe test "
            "FILE --url %1 --channel socketio")
            .arg(m_options.channel.serverUrl.toString(),
                 QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    const QByteArray yaml = writeRecording(
        QStringLiteral("recorded %1").arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)), m_recording,
        comment);
    QFile file(m_options.recordPath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(yaml) != yaml.size() ||
        !file.flush()) {
        m_err << "rasa-probe watch: cannot write " << m_options.recordPath << ": " << file.errorString()
              << Qt::endl;
        return emit finished(2);
    }
    m_err << "rasa-probe: recorded " << m_recording.size() << " messages to " << m_options.recordPath
          << Qt::endl;
    if (m_channel)
        m_channel->close();
    emit finished(0);
}

void WatchCommand::stop()
{
    // Ctrl-C is how a recording session is ended too: what was said so far is kept.
    if (!m_options.recordPath.isEmpty())
        return saveRecording();
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
