#include "chatwindow.h"

#include "chatwidget.h"
#include "chatwidget_p.h"
#include "conversationsdialog.h"
#include "conversationstore.h"
#include "inspectorview.h"
#include "profiledialog.h"
#include "rasa/socketiochannel.h"
#include "screenfit.h"
#include "theme.h"
#include "transcriptmodel.h"
#include "wiring/channelfactory.h"

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>

using namespace rasachat;

namespace RasaChat {

ChatWindow::ChatWindow(QWidget *parent)
    : QMainWindow(parent), m_chat(new ChatWidget(this)), m_inspector(new InspectorView(this))
{
    setWindowTitle(tr("rasa-chat"));
    setCentralWidget(m_chat);
    auto *dock = m_inspectorDock = new QDockWidget(tr("Inspector"), this);
    dock->setObjectName(QStringLiteral("inspector"));
    dock->setWidget(m_inspector);
    m_inspector->setAccessibleName(tr("Inspector"));
    m_inspector->setAccessibleDescription(tr("The wire traffic of the connection, for debugging."));
    addDockWidget(Qt::RightDockWidgetArea, dock);
    dock->hide();
    // Menus hold every command; the toolbar the ones used while chatting.
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QMenu *connection = menuBar()->addMenu(tr("&Connection"));
    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *connectAction = connection->addAction(tr("&Connect"), m_chat, &ChatWidget::openChannel);
    connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    QAction *disconnectAction = connection->addAction(tr("&Disconnect"), m_chat, &ChatWidget::closeChannel);
    QAction *newSession = connection->addAction(tr("&New session"), this, &ChatWindow::newSession);
    newSession->setShortcut(QKeySequence::New);
    connection->addSeparator();
    connection->addAction(tr("&Edit profile…"), this, [this] { editProfile(false); });
    connection->addAction(tr("New &profile…"), this, [this] { editProfile(true); });
    QAction *conversations = file->addAction(tr("C&onversations…"), this, [this] { showConversations(); });
    conversations->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    file->addAction(tr("&Find in conversations…"), this, [this] { showConversations(); })
        ->setShortcut(QKeySequence::Find);
    file->addAction(tr("&Save transcript…"), this, &ChatWindow::saveTranscript)
        ->setShortcut(QKeySequence::Save);
    file->addAction(tr("Save as &test…"), this, &ChatWindow::saveAsTestDialog);
    file->addAction(tr("&Export traffic…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export traffic"), QStringLiteral("traffic.jsonl"), tr("JSON lines (*.jsonl)"));
        QString error;
        if (!path.isEmpty() && !m_inspector->exportTo(path, &error))
            QMessageBox::warning(this, tr("Export traffic"), tr("Cannot write %1: %2").arg(path, error));
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), this, &QWidget::close)->setShortcut(QKeySequence::Quit);
    // Theme: the system's colours, or light, dark or high contrast; kept for the next start.
    QMenu *themes = view->addMenu(tr("&Theme"));
    auto *themeGroup = new QActionGroup(themes);
    for (Theme theme : Themes::all()) {
        QAction *a = themes->addAction(Themes::title(theme));
        a->setCheckable(true);
        a->setChecked(theme == Themes::current());
        a->setData(Themes::name(theme));
        themeGroup->addAction(a);
        connect(a, &QAction::triggered, this, [theme] {
            Themes::apply(theme);
            Themes::store(theme);
        });
    }
    QAction *inspect = dock->toggleViewAction();
    inspect->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    view->addAction(inspect);
    connect(inspect, &QAction::toggled, this, [this, dock](bool on) {
        if (on)
            resizeDocks({dock}, {std::max(420, width() / 3)}, Qt::Horizontal);
    });

    auto *tools = addToolBar(tr("Connection"));
    tools->setObjectName(QStringLiteral("connection"));
    tools->setMovable(false);
    tools->addAction(connectAction);
    tools->addAction(disconnectAction);
    tools->addAction(newSession);
    tools->addAction(conversations);
    tools->addSeparator();
    m_profileBox = new QComboBox(tools);
    m_profileBox->setAccessibleName(tr("Connection profile"));
    m_profileBox->setMinimumContentsLength(14);
    tools->addWidget(m_profileBox);
    tools->addSeparator();
    tools->addAction(inspect);
    {
        QSettings settings;
        m_profiles = ProfileStore(&settings).load();
    }
    refreshProfileMenu();
    connect(m_profileBox, &QComboBox::activated, this, [this](int index) {
        QString error;
        if (index >= 0 && !selectProfile(m_profileBox->itemText(index), &error))
            QMessageBox::warning(this, tr("Connect"), error);
    });
    connect(m_chat, &ChatWidget::connectionTextChanged, this, [this](const QString &text) {
        statusBar()->showMessage(QStringLiteral("%1 · %2").arg(m_url.toString(), text));
    });
    resizeToFit(this, QSize(720, 820));
}

ChatWindow::~ChatWindow()
{
    ChatWidgetPrivate::setChannel(m_chat, nullptr);
}

bool ChatWindow::connectTo(const QUrl &url, const QString &kind, QString *error)
{
    ConnectionProfile p;
    p.name = url.toString();
    p.url = url.toString();
    p.channel = kind;
    return connectTo(p, error);
}

bool ChatWindow::openStore(const QString &path, QString *error)
{
    auto *store = new ConversationStore(path, this);
    if (!store->open(error)) {
        delete store;
        return false;
    }
    delete m_store;
    m_store = store;
    ChatWidgetPrivate::setStore(m_chat, m_store);
    return true;
}

bool ChatWindow::connectTo(const ConnectionProfile &profile, QString *error)
{
    return connectProfile(profile, false, error);
}

bool ChatWindow::connectProfile(const ConnectionProfile &profile, bool freshSession, QString *error)
{
    const QJsonValue metadata = profile.metadata(error);
    if (metadata.isUndefined() && !profile.metadataJson.trimmed().isEmpty())
        return false;
    auto tlsChecked = profile.channelSettings(error);
    if (!tlsChecked)
        return false;
    rasachat::ChannelSettings settings = *tlsChecked;
    // REST and callback have no session of their own: the sender id of the stored conversation is the
    // session, so that the bot and the window go on where they were.
    if (m_store && !freshSession && profile.sessionPersistence && settings.kind != u"socketio")
        settings.senderId = m_store->lastSession(profile.url, settings.kind);
    auto channel = makeChannel(settings, error);
    if (!channel)
        return false;
    // Another server or channel: its own stored conversation is shown (this one stays on the disk).
    if (m_store && (profile.url != m_profile.url || profile.channel != m_profile.channel))
        m_chat->startNewConversation();
    m_url = QUrl(profile.url);
    m_profile = profile;
    m_chat->setDefaultMetadata(metadata);
    ChatWidgetPrivate::setServerName(m_chat, profile.url);
    const QUrl url = m_url;
    const QString kind = profile.channel;
    ChatWidgetPrivate::setChannel(m_chat, nullptr);
    m_channel = std::move(channel);
    m_inspector->watch(m_channel.get());
    ChatWidgetPrivate::setChannel(m_chat, m_channel.get());
    setWindowTitle(tr("rasa-chat — %1 (%2)").arg(url.toString(), kind));
    return true;
}

void ChatWindow::showInspector()
{
    m_inspectorDock->show();
}

bool ChatWindow::selectProfile(const QString &name, QString *error)
{
    for (const ConnectionProfile &p : std::as_const(m_profiles)) {
        if (p.name == name) {
            QSettings settings;
            ProfileStore(&settings).setLastUsed(name);
            return connectTo(p, error);
        }
    }
    *error = tr("There is no profile named %1.").arg(name);
    return false;
}

void ChatWindow::saveProfile(const ConnectionProfile &profile)
{
    auto same = std::find_if(m_profiles.begin(), m_profiles.end(),
                             [&](const ConnectionProfile &p) { return p.name == profile.name; });
    if (same != m_profiles.end())
        *same = profile;
    else
        m_profiles.append(profile);
    QSettings settings;
    ProfileStore(&settings).save(m_profiles);
    refreshProfileMenu();
}

void ChatWindow::refreshProfileMenu()
{
    m_profileBox->clear();
    for (const ConnectionProfile &p : std::as_const(m_profiles))
        m_profileBox->addItem(p.name);
    m_profileBox->setPlaceholderText(tr("Profiles"));
    m_profileBox->setCurrentIndex(m_profileBox->findText(m_profile.name));
}

void ChatWindow::editProfile(bool asNew)
{
    ConnectionProfile start = asNew ? ConnectionProfile{} : m_profile;
    if (asNew)
        start.name = tr("Profile %1").arg(m_profiles.size() + 1);
    ProfileDialog dialog(start, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ConnectionProfile p = dialog.profile();
    saveProfile(p);
    QString error;
    if (!selectProfile(p.name, &error))
        QMessageBox::warning(this, tr("Connect"), error);
}

void ChatWindow::newSession()
{
    // Window-modal and not blocking: the conversation goes on arriving while the question is open.
    auto *ask = new QMessageBox(QMessageBox::Question, tr("New session"),
                                tr("Start a new session with %1?").arg(m_url.toString()),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    ask->setInformativeText(m_store
                                ? tr("The bot forgets this conversation; it stays in File → Conversations.")
                                : tr("The bot forgets this conversation and this window empties "
                                     "(conversations are not being kept)."));
    ask->setDefaultButton(QMessageBox::Cancel);
    ask->setAttribute(Qt::WA_DeleteOnClose);
    ask->setWindowModality(Qt::WindowModal);
    connect(ask, &QMessageBox::finished, this, [this](int result) {
        if (result == QMessageBox::Yes)
            startNewSession();
    });
    ask->open();
}

void ChatWindow::startNewSession()
{
    m_chat->startNewConversation();
    if (auto *sio = qobject_cast<SocketIoChannel *>(m_channel.get())) {
        m_chat->closeChannel();
        sio->forgetSession();
        m_chat->openChannel();
        return;
    }
    QString error;
    if (!m_url.isEmpty() && !connectProfile(m_profile, true, &error)) // REST and callback: a new sender id
        QMessageBox::warning(this, tr("New session"), error);
}

ConversationsDialog *ChatWindow::showConversations(const QString &search)
{
    if (!m_conversations) {
        m_conversations = new ConversationsDialog(m_store, this);
        connect(m_conversations, &ConversationsDialog::showInChat, this, [this](qint64 message) {
            // Older rows not loaded yet are loaded down to it.
            const int row = ChatWidgetPrivate::transcriptOf(m_chat)->loadUntil(message);
            if (row >= 0) {
                ChatWidgetPrivate::transcriptViewOf(m_chat)->setCurrentIndex(
                    ChatWidgetPrivate::transcriptOf(m_chat)->index(row));
                ChatWidgetPrivate::transcriptViewOf(m_chat)->scrollTo(
                    ChatWidgetPrivate::transcriptOf(m_chat)->index(row));
            }
        });
    }
    m_conversations->setCurrentConversation(ChatWidgetPrivate::conversationIdOf(m_chat));
    m_conversations->setSearch(search);
    m_conversations->show();
    m_conversations->raise();
    m_conversations->activateWindow();
    return m_conversations;
}

void ChatWindow::saveTranscript()
{
    QString filter;
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save transcript"), QStringLiteral("transcript.md"),
                                     tr("Markdown (*.md);;JSON (*.json)"), &filter);
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        QMessageBox::warning(this, tr("Save transcript"),
                             tr("Cannot write %1: %2").arg(path, file.errorString()));
        return;
    }
    const bool json = path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive);
    file.write(json ? ChatWidgetPrivate::transcriptOf(m_chat)->toJson()
                    : ChatWidgetPrivate::transcriptOf(m_chat)->toMarkdown().toUtf8());
}

QString ChatWindow::testFileName() const
{
    const QList<RecordedMessage> messages = ChatWidgetPrivate::transcriptOf(m_chat)->recording();
    const auto first = std::find_if(messages.begin(), messages.end(), [](const RecordedMessage &m) {
        return m.from == RecordedMessage::From::User;
    });
    QString name = first == messages.end() ? QString() : first->text.toLower();
    static const QRegularExpression notWord(QStringLiteral("[^\\w]+"),
                                            QRegularExpression::UseUnicodePropertiesOption);
    name = name.replace(notWord, QStringLiteral("-")).left(40);
    while (name.startsWith(u'-'))
        name.remove(0, 1);
    while (name.endsWith(u'-'))
        name.chop(1);
    return (name.isEmpty() ? QStringLiteral("conversation") : name) + QStringLiteral(".yml");
}

void ChatWindow::saveAsTestDialog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save as test"), testFileName(),
                                                      tr("Conversation tests (*.yml *.yaml)"));
    if (!path.isEmpty())
        saveAsTest(path);
}

bool ChatWindow::saveAsTest(const QString &path)
{
    const QList<RecordedMessage> messages = ChatWidgetPrivate::transcriptOf(m_chat)->recording();
    if (std::none_of(messages.begin(), messages.end(),
                     [](const RecordedMessage &m) { return m.from == RecordedMessage::From::User; })) {
        warn(tr("Save as test"), tr("There is nothing to save yet: send the bot a message first."));
        return false;
    }
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    // Not translated: the file is for rasa-probe and for the team's repository.
    const QString comment =
        QStringLiteral("Recorded by rasa-chat from %1 (%2) on %3.\nRun it again: rasa-probe test "
                       "%4 --url %1 --channel %2")
            .arg(m_url.toString(), m_profile.channel, now, QFileInfo(path).fileName());
    const QByteArray yaml = writeRecording(QStringLiteral("recorded %1").arg(now), messages, comment);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(yaml) != yaml.size() || !file.commit()) {
        warn(tr("Save as test"), tr("Cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    statusBar()->showMessage(tr("Saved the conversation as a test: %1").arg(path), 5000);
    return true;
}

// Window-modal and not blocking: the event loop (and the channel) go on while it is shown.
void ChatWindow::warn(const QString &title, const QString &text)
{
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace RasaChat
