#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

namespace RasaChat {

class ChatWindow;

// rasa-chat --play/--screenshot: sends the messages one at a time, each once the bot has been quiet for
// kQuietMs after the previous one, so that the window shows the conversation in order; then, with a
// screenshot path, saves the window (or the Conversations list, if shown) as a PNG and finishes.
// The session must be confirmed within timeoutMs: a connection error before it, or no session in time,
// is shown in the window, the screenshot is still taken, and it finishes with 3 (rasa-probe's "cannot
// reach"). Without a screenshot path it never finishes: the window stays for the user.
class ChatPlayer : public QObject
{
    Q_OBJECT
public:
    static constexpr int kQuietMs = 1500;
    static constexpr int kDefaultTimeoutMs = 30'000;

    ChatPlayer(ChatWindow *window, const QStringList &messages, const QString &screenshot,
               int timeoutMs = kDefaultTimeoutMs, QObject *parent = nullptr);

    // Call once the window's channel is open (ChatWindow::connectTo()).
    void start();

signals:
    void finished(int exitCode);

private:
    void sendNext();
    void onQuiet();
    void giveUp(const QString &why);
    void takeScreenshot(int exitCode);

    QPointer<ChatWindow> m_window;
    QStringList m_messages;
    QString m_screenshot;
    int m_timeoutMs;
    int m_next = 0;
    bool m_confirmed = false;
    bool m_done = false;
    QTimer m_quiet;
    QTimer m_deadline;
};

} // namespace RasaChat
