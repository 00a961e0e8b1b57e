#include "chatplayer.h"

#include "chatwidget_p.h"
#include "chatwindow.h"
#include "conversationsdialog.h"
#include "inspectorview.h"
#include "transcriptmodel.h"

#include <QCoreApplication>
#include <QLineEdit>

namespace RasaChat {

using rasachat::ChannelError;
using rasachat::ChatChannel;

ChatPlayer::ChatPlayer(ChatWindow *window, const QStringList &messages, const QString &screenshot,
                       int timeoutMs, QObject *parent)
    : QObject(parent), m_window(window), m_messages(messages), m_screenshot(screenshot),
      m_timeoutMs(timeoutMs)
{
    m_quiet.setSingleShot(true);
    m_quiet.setInterval(kQuietMs);
    connect(&m_quiet, &QTimer::timeout, this, &ChatPlayer::onQuiet);
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        giveUp(
            QCoreApplication::translate("main", "No session from the server within %1 ms.").arg(m_timeoutMs));
    });
}

void ChatPlayer::start()
{
    ChatChannel *channel = ChatWidgetPrivate::channelOf(m_window->chat());
    if (!channel)
        return giveUp(QCoreApplication::translate("main", "Not connected."));
    connect(
        channel, &ChatChannel::sessionConfirmed, this,
        [this] {
            m_confirmed = true;
            m_deadline.stop();
            sendNext();
        },
        Qt::SingleShotConnection);
    connect(channel, &ChatChannel::botMessage, this, [this] {
        if (m_confirmed && !m_done)
            m_quiet.start();
    });
    // The widget shows the error itself (it is connected first); a scripted run does not wait for its
    // retries.
    connect(channel, &ChatChannel::errorOccurred, this, [this](const ChannelError &e) {
        if (!m_confirmed && e.kind == ChannelError::Kind::Connection)
            giveUp({});
    });
    if (channel->state() == ChatChannel::State::Connected && !channel->sessionId().isEmpty()) {
        m_confirmed = true;
        return sendNext();
    }
    m_deadline.start(m_timeoutMs);
}

void ChatPlayer::sendNext()
{
    if (m_next < m_messages.size())
        m_window->chat()->sendText(m_messages.at(m_next++));
    m_quiet.start();
}

void ChatPlayer::onQuiet()
{
    if (m_done)
        return;
    if (m_next < m_messages.size())
        return sendNext();
    takeScreenshot(0);
}

void ChatPlayer::giveUp(const QString &why)
{
    if (m_done || !m_window)
        return;
    if (!why.isEmpty())
        ChatWidgetPrivate::transcriptOf(m_window->chat())->appendSystem(why);
    takeScreenshot(3);
}

void ChatPlayer::takeScreenshot(int exitCode)
{
    if (m_screenshot.isEmpty() || m_done)
        return;
    m_done = true;
    m_quiet.stop();
    m_deadline.stop();
    ChatWidgetPrivate::transcriptViewOf(m_window->chat())->scrollToBottom();
    m_window->inspector()->filterBox()->setText(QStringLiteral("bot_uttered"));
    m_window->inspector()->selectLast();
    QWidget *shown = m_window->conversationsDialog();
    if (shown && shown->isVisible())
        shown = m_window->showConversations(); // with the counts as they are now
    (shown && shown->isVisible() ? shown : static_cast<QWidget *>(m_window.data()))
        ->grab()
        .save(m_screenshot);
    emit finished(exitCode);
}

} // namespace RasaChat
