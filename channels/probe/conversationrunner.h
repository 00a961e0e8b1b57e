#pragma once

#include "../client/channelfactory.h"
#include "conversationscript.h"

#include <QElapsedTimer>
#include <QObject>
#include <QQueue>
#include <QTimer>

namespace rasachat {

struct ConversationResult
{
    QString name;
    bool passed = false;
    bool unreachable = false; // the server could not be reached at all
    QString failure;          // "FILE:LINE: expected …, got …"
    qint64 elapsedMs = 0;
};

// Plays one conversation of a script against a server on a fresh channel (a fresh sender or session):
// user and click steps are sent, each bot step takes the next bot message and checks it, a silence step
// passes if nothing arrives for its time. Reports once, at the first difference or at the end.
class ConversationRunner : public QObject
{
    Q_OBJECT
public:
    ConversationRunner(const ConversationScript &script, const Conversation &conversation,
                       const ChannelSettings &settings, QObject *parent = nullptr);
    ~ConversationRunner() override;

    void start();

signals:
    void finished(const rasachat::ConversationResult &result);

private:
    void advance();
    void onBotMessage(const BotMessage &message);
    void onTimeout();
    void fail(const ScriptStep *step, const QString &why, bool unreachable = false);
    void finish(bool passed, const QString &failure, bool unreachable = false);

    QString m_file;
    Conversation m_conversation;
    ChannelSettings m_settings;
    std::unique_ptr<ChatChannel> m_channel;
    QQueue<BotMessage> m_inbox;
    QList<Button> m_lastButtons;
    int m_step = 0;
    bool m_waiting = false;
    bool m_done = false;
    QTimer m_timer;
    QElapsedTimer m_clock;
};

} // namespace rasachat
