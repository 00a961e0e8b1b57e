#pragma once

#include "connectionprofile.h"

#include <QMainWindow>
#include <QUrl>
#include <memory>

class QComboBox;
class QDockWidget;

namespace rasachat {
class ChatChannel;
} // namespace rasachat

namespace RasaChat {

class ChatWidget;
class ConversationStore;
class ConversationsDialog;
class InspectorView;

// The desktop app's window: a ChatWidget, a toolbar to connect, disconnect and start a new session (after
// asking), saving the transcript or the conversation as a `rasa-probe test` script, the Conversations list
// (every stored conversation, searchable, opened read-only) and the Inspector dock with every request and
// frame on the wire. The demo bot is not the window's business: the app starts a mock server and connects the
// window to it like to any other.
class ChatWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit ChatWindow(QWidget *parent = nullptr);
    ~ChatWindow() override;

    // On failure returns false with *error set.
    bool connectTo(const QUrl &url, const QString &kind, QString *error);
    bool connectTo(const ConnectionProfile &profile, QString *error);
    // The saved profiles (QSettings); connecting to one of them: selectProfile().
    QList<ConnectionProfile> profiles() const { return m_profiles; }
    bool selectProfile(const QString &name, QString *error);
    void saveProfile(const ConnectionProfile &profile);
    // Keeps conversations in the SQLite file `path` (before connectTo()); false with *error set if it
    // cannot be opened, and then nothing is kept.
    bool openStore(const QString &path, QString *error);
    ConversationStore *store() const { return m_store; }
    ChatWidget *chat() const { return m_chat; }
    InspectorView *inspector() const { return m_inspector; }
    // Shows the Inspector dock (hidden at start).
    void showInspector();
    // The Conversations list (created on first use); `search` fills its search field.
    ConversationsDialog *showConversations(const QString &search = {});
    ConversationsDialog *conversationsDialog() const { return m_conversations; }

    // Asks, then starts a new session; the old conversation stays in the Conversations list.
    void newSession();

    // File → Save as test…: writes the conversation in the window as a `rasa-probe test` script (the
    // format `rasa-probe watch --record` writes), which passes against the bot it was held with. Returns
    // false, and says why in a message box, when there is nothing to save or the file cannot be written.
    bool saveAsTest(const QString &path);
    // The file name the Save as test dialog offers, from the conversation's first message ("hi.yml").
    QString testFileName() const;

private:
    bool connectProfile(const ConnectionProfile &profile, bool freshSession, QString *error);
    void editProfile(bool asNew);
    void refreshProfileMenu();
    void startNewSession();
    void saveTranscript();
    void saveAsTestDialog();
    void warn(const QString &title, const QString &text);

    ChatWidget *m_chat;
    InspectorView *m_inspector;
    QDockWidget *m_inspectorDock = nullptr;
    std::unique_ptr<rasachat::ChatChannel> m_channel;
    QUrl m_url;
    ConnectionProfile m_profile;
    QList<ConnectionProfile> m_profiles;
    QComboBox *m_profileBox = nullptr;
    ConversationStore *m_store = nullptr;
    ConversationsDialog *m_conversations = nullptr;
};

} // namespace RasaChat
