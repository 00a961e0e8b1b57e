#include "transcriptmodel.h"

#include "messagetext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

using rasachat::BotMessage;

namespace RasaChat {

namespace {
// A pause this long between two messages starts a new group, with its own time above it.
constexpr qint64 kGroupPauseSecs = 5 * 60;
} // namespace

TranscriptModel::Kind kindOf(const BotMessage &m)
{
    switch (m.kind()) {
    case BotMessage::Kind::Text:
        return TranscriptModel::Kind::Text;
    case BotMessage::Kind::Buttons:
        return TranscriptModel::Kind::Buttons;
    case BotMessage::Kind::QuickReplies:
        return TranscriptModel::Kind::QuickReplies;
    case BotMessage::Kind::Image:
        return TranscriptModel::Kind::Image;
    case BotMessage::Kind::Attachment:
        return TranscriptModel::Kind::Attachment;
    case BotMessage::Kind::Carousel:
        return TranscriptModel::Kind::Carousel;
    case BotMessage::Kind::Custom:
    case BotMessage::Kind::Empty:
        return TranscriptModel::Kind::Custom;
    }
    return TranscriptModel::Kind::Custom;
}

TranscriptModel::TranscriptModel(QObject *parent) : QAbstractListModel(parent) {}

int TranscriptModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant TranscriptModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const Entry &e = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return e.text;
    case Qt::ToolTipRole:
        return e.time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case KindRole:
        return QVariant::fromValue(e.kind);
    case FromUserRole:
        return e.fromUser;
    case TimeRole:
        return e.time;
    case MessageRole:
        return QVariant::fromValue(e.message);
    case DeliveryRole:
        return QVariant::fromValue(e.delivery);
    case ButtonsEnabledRole:
        return e.buttonsEnabled;
    case TimeHeaderRole:
        return timeHeader(index.row());
    case CarouselOffsetRole:
        return e.carouselFirst;
    case LayoutKeyRole:
        return e.layoutKey;
    case Qt::AccessibleTextRole:
        return accessibleText(e);
    case Qt::AccessibleDescriptionRole:
        return accessibleDescription(e);
    default:
        return {};
    }
}

QString TranscriptModel::timeHeader(qsizetype row) const
{
    const QDateTime &time = m_entries.at(row).time;
    if (row > 0) {
        const QDateTime &before = m_entries.at(row - 1).time;
        if (before.date() == time.date() && before.secsTo(time) < kGroupPauseSecs)
            return {};
    }
    const QLocale locale;
    return time.date() == QDate::currentDate() ? locale.toString(time.time(), QLocale::ShortFormat)
                                               : locale.toString(time, QLocale::ShortFormat);
}

QString TranscriptModel::deliveryText(Delivery delivery)
{
    switch (delivery) {
    case Delivery::Submitted:
        return tr("sending");
    case Delivery::ReachedServer:
        return tr("delivered");
    case Delivery::Answered:
        return tr("answered");
    case Delivery::Failed:
        return tr("not sent");
    }
    return {};
}

QString TranscriptModel::accessibleText(const Entry &e) const
{
    const QString time = QLocale().toString(e.time.time(), QLocale::ShortFormat);
    if (e.kind == Kind::System)
        return tr("Notice: %1 %2").arg(e.text, time);
    if (e.fromUser)
        return tr("You: %1 %2, %3").arg(e.text, time, deliveryText(e.delivery));
    return tr("Bot: %1 %2").arg(describeBotMessage(e.message, e.buttonsEnabled), time);
}

QString TranscriptModel::accessibleDescription(const Entry &e) const
{
    if (e.fromUser && e.delivery == Delivery::Failed)
        return tr("Not sent: press Retry to send it again.");
    const bool hasButtons = (e.message.buttons && !e.message.buttons->isEmpty()) ||
                            (e.message.quickReplies && !e.message.quickReplies->isEmpty()) ||
                            (e.kind == Kind::Carousel && e.message.elements &&
                             std::any_of(e.message.elements->begin(), e.message.elements->end(),
                                         [](const auto &card) { return !card.buttons.isEmpty(); }));
    if (!e.fromUser && hasButtons && e.buttonsEnabled)
        return tr("Press a button to answer; keys 1 to 9 press them in order.");
    return {};
}

bool TranscriptModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != CarouselOffsetRole || !index.isValid() || index.row() >= m_entries.size())
        return false;
    Entry &e = m_entries[index.row()];
    const int cards = e.message.elements ? int(e.message.elements->size()) : 0;
    const int first = std::clamp(value.toInt(), 0, std::max(cards - 1, 0));
    if (e.kind != Kind::Carousel || first == e.carouselFirst)
        return false;
    e.carouselFirst = first;
    changed(index.row(), {CarouselOffsetRole});
    return true;
}

Qt::ItemFlags TranscriptModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractListModel::flags(index);
    if (index.isValid() && index.row() < m_entries.size()) {
        const Entry &e = m_entries.at(index.row());
        if (e.kind != Kind::System && (!e.text.isEmpty() || e.kind == Kind::Custom))
            f |= Qt::ItemIsEditable;
    }
    return f;
}

QHash<int, QByteArray> TranscriptModel::roleNames() const
{
    return {{KindRole, "kind"},
            {FromUserRole, "fromUser"},
            {TimeRole, "time"},
            {TextRole, "text"},
            {MessageRole, "message"},
            {DeliveryRole, "delivery"},
            {ButtonsEnabledRole, "buttonsEnabled"},
            {TimeHeaderRole, "timeHeader"},
            {CarouselOffsetRole, "carouselOffset"},
            {LayoutKeyRole, "layoutKey"}};
}

void TranscriptModel::changed(qsizetype row, const QList<int> &roles)
{
    m_entries[row].layoutKey = m_nextLayoutKey++;
    const QModelIndex idx = index(int(row));
    emit dataChanged(idx, idx, roles);
}

void TranscriptModel::append(Entry entry)
{
    const int row = int(m_entries.size());
    entry.layoutKey = m_nextLayoutKey++;
    beginInsertRows({}, row, row);
    m_entries.append(std::move(entry));
    endInsertRows();
}

void TranscriptModel::spendOffers()
{
    // As rasa-webchat: once the user has said something, earlier quick replies are not offered again.
    for (; m_offersFrom < m_entries.size(); ++m_offersFrom) {
        const Kind kind = m_entries.at(m_offersFrom).kind;
        if (kind == Kind::QuickReplies || kind == Kind::Buttons)
            disableButtons(int(m_offersFrom));
    }
}

void TranscriptModel::appendUser(const rasachat::UserMessage &message, const QString &shownText)
{
    spendOffers();
    Entry e;
    e.kind = Kind::Text;
    e.fromUser = true;
    e.time = QDateTime::currentDateTime();
    e.text = shownText.isEmpty() ? message.text : shownText;
    e.messageId = message.messageId;
    e.sent = message;
    append(std::move(e));
}

void TranscriptModel::appendBot(const BotMessage &message)
{
    Entry e;
    e.kind = kindOf(message);
    e.time = QDateTime::currentDateTime();
    e.text = message.text.value_or(QString());
    e.message = message;
    append(std::move(e));
    qsizetype answered = firstOpen();
    if (answered < 0) {
        // All acknowledged: the oldest of the latest run of messages still without a reply, else the last.
        for (qsizetype i = m_entries.size() - 1; i >= 0; --i) {
            const Entry &u = m_entries.at(i);
            if (!u.fromUser)
                continue;
            if (answered < 0)
                answered = i;
            if (u.replies > 0 || u.delivery != Delivery::ReachedServer)
                break;
            answered = i;
        }
    }
    if (answered < 0)
        return;
    ++m_entries[answered].replies;
    setEntryDelivery(answered, Delivery::Answered);
}

qsizetype TranscriptModel::firstOpen() const
{
    // Every row before m_openFrom is settled or not the user's; it only moves back when one is reopened.
    while (m_openFrom < m_entries.size() &&
           !(m_entries.at(m_openFrom).fromUser && !m_entries.at(m_openFrom).settled))
        ++m_openFrom;
    return m_openFrom < m_entries.size() ? m_openFrom : -1;
}

void TranscriptModel::appendSystem(const QString &text)
{
    // A server that stays down reports the same thing at every retry: say it once.
    if (!m_entries.isEmpty() && m_entries.last().kind == Kind::System && m_entries.last().text == text)
        return;
    Entry e;
    e.kind = Kind::System;
    e.time = QDateTime::currentDateTime();
    e.text = text;
    append(std::move(e));
}

qsizetype TranscriptModel::rowOf(const QString &messageId) const
{
    if (messageId.isEmpty())
        return -1;
    for (qsizetype i = m_entries.size() - 1; i >= 0; --i)
        if (m_entries.at(i).fromUser && m_entries.at(i).messageId == messageId)
            return i;
    return -1;
}

void TranscriptModel::setEntryDelivery(qsizetype row, Delivery delivery)
{
    Entry &e = m_entries[row];
    if (e.delivery == delivery)
        return;
    e.delivery = delivery;
    changed(row, {DeliveryRole, Qt::AccessibleTextRole, Qt::AccessibleDescriptionRole});
}

void TranscriptModel::acknowledge(const QString &messageId)
{
    const qsizetype row = rowOf(messageId);
    if (row < 0)
        return;
    m_entries[row].settled = true;
    setEntryDelivery(row, m_entries.at(row).replies > 0 ? Delivery::Answered : Delivery::ReachedServer);
}

void TranscriptModel::fail(const QString &messageId, bool settled)
{
    const qsizetype row = rowOf(messageId);
    if (row < 0 || m_entries.at(row).settled)
        return;
    m_entries[row].settled = settled;
    setEntryDelivery(row, Delivery::Failed);
}

void TranscriptModel::setDelivery(const QString &messageId, Delivery delivery)
{
    const qsizetype row = rowOf(messageId);
    if (row < 0)
        return;
    m_entries[row].settled = delivery != Delivery::Submitted;
    if (!m_entries.at(row).settled)
        m_openFrom = std::min(m_openFrom, row);
    setEntryDelivery(row, delivery);
}

TranscriptModel::Delivery TranscriptModel::delivery(const QString &messageId) const
{
    const qsizetype row = rowOf(messageId);
    return row < 0 ? Delivery::Failed : m_entries.at(row).delivery;
}

bool TranscriptModel::resend(int row, const QString &newId)
{
    if (row < 0 || row >= m_entries.size() || !m_entries.at(row).fromUser ||
        m_entries.at(row).delivery != Delivery::Failed)
        return false;
    Entry &e = m_entries[row];
    e.messageId = newId;
    e.sent.messageId = newId;
    e.settled = false;
    e.replies = 0;
    m_openFrom = std::min(m_openFrom, qsizetype(row));
    setEntryDelivery(row, Delivery::Submitted);
    return true;
}

bool TranscriptModel::givenUp(int row) const
{
    return row >= 0 && row < m_entries.size() && m_entries.at(row).delivery == Delivery::Failed &&
           m_entries.at(row).settled;
}

rasachat::UserMessage TranscriptModel::userMessage(int row) const
{
    return row >= 0 && row < m_entries.size() ? m_entries.at(row).sent : rasachat::UserMessage{};
}

bool TranscriptModel::awaitingReply() const
{
    const qsizetype open = firstOpen();
    for (qsizetype i = open < 0 ? m_entries.size() : open; i < m_entries.size(); ++i) {
        const Entry &e = m_entries.at(i);
        if (e.fromUser && !e.settled && e.delivery != Delivery::Failed)
            return true;
    }
    return false;
}

void TranscriptModel::disableButtons(int row)
{
    if (row < 0 || row >= m_entries.size() || !m_entries[row].buttonsEnabled)
        return;
    m_entries[row].buttonsEnabled = false;
    changed(row, {ButtonsEnabledRole, Qt::AccessibleTextRole, Qt::AccessibleDescriptionRole});
}

StoredMessage TranscriptModel::record(int row) const
{
    StoredMessage m;
    if (row < 0 || row >= m_entries.size())
        return m;
    const Entry &e = m_entries.at(row);
    m.id = e.storeId;
    m.time = e.time;
    m.text = e.text;
    if (e.kind == Kind::System) {
        m.sender = StoredMessage::Sender::System;
    } else if (e.fromUser) {
        m.sender = StoredMessage::Sender::User;
        QJsonObject sent{{QStringLiteral("message"), e.sent.text}};
        if (!e.sent.metadata.isUndefined())
            sent.insert(QStringLiteral("metadata"), e.sent.metadata);
        m.raw = QJsonDocument(sent).toJson(QJsonDocument::Compact);
        m.messageId = e.messageId;
        m.delivery = int(e.delivery);
    } else {
        m.sender = StoredMessage::Sender::Bot;
        m.raw = QJsonDocument(e.message.toJson()).toJson(QJsonDocument::Compact);
    }
    return m;
}

qint64 TranscriptModel::storeId(int row) const
{
    return row >= 0 && row < m_entries.size() ? m_entries.at(row).storeId : 0;
}

void TranscriptModel::setStoreId(int row, qint64 id)
{
    if (row >= 0 && row < m_entries.size())
        m_entries[row].storeId = id;
}

int TranscriptModel::rowOfStored(qint64 id) const
{
    for (qsizetype i = 0; i < m_entries.size(); ++i)
        if (m_entries.at(i).storeId == id)
            return int(i);
    return -1;
}

void TranscriptModel::insertStored(int row, const QList<StoredMessage> &messages)
{
    if (messages.isEmpty())
        return;
    row = std::clamp(row, 0, int(m_entries.size()));
    QList<Entry> entries;
    entries.reserve(messages.size());
    for (const StoredMessage &m : messages) {
        Entry e;
        e.layoutKey = m_nextLayoutKey++;
        e.storeId = m.id;
        e.time = m.time;
        e.text = m.text;
        e.buttonsEnabled = false;
        e.settled = true;
        const QJsonObject raw = QJsonDocument::fromJson(m.raw).object();
        switch (m.sender) {
        case StoredMessage::Sender::System:
            e.kind = Kind::System;
            break;
        case StoredMessage::Sender::User:
            e.kind = Kind::Text;
            e.fromUser = true;
            e.messageId = m.messageId;
            e.sent.text = raw.value(u"message").toString(m.text);
            e.sent.metadata = raw.value(u"metadata");
            e.sent.messageId = m.messageId;
            e.delivery = Delivery(m.delivery);
            if (e.delivery == Delivery::Submitted)
                e.delivery = Delivery::Failed; // not known to have arrived: offer Retry
            e.replies = e.delivery == Delivery::Answered ? 1 : 0;
            break;
        case StoredMessage::Sender::Bot:
            e.message = BotMessage::fromJson(raw);
            e.kind = kindOf(e.message);
            break;
        }
        entries.append(std::move(e));
    }
    if (row <= m_offersFrom)
        m_offersFrom += entries.size(); // stored rows offer nothing
    const int count = int(entries.size());
    beginInsertRows({}, row, row + count - 1);
    for (qsizetype i = 0; i < entries.size(); ++i)
        m_entries.insert(row + i, std::move(entries[i]));
    endInsertRows();
    // The row below now follows another message: whether it opens a group (and shows a time) may differ.
    if (row + count < m_entries.size())
        changed(row + count, {TimeHeaderRole});
}

int TranscriptModel::openStored(ConversationStore *store, qint64 conversation)
{
    m_store = store;
    m_conversation = conversation;
    m_firstRowShown = false;
    // One more than a page tells whether there are older ones.
    QList<StoredMessage> page = store->messages(conversation, kPageSize + 1);
    m_hasOlder = page.size() > kPageSize;
    if (m_hasOlder)
        page.removeFirst();
    m_olderThan = page.isEmpty() ? 0 : page.first().id;
    insertStored(0, page);
    return int(page.size());
}

bool TranscriptModel::hasOlder() const
{
    return m_hasOlder && m_store;
}

int TranscriptModel::loadOlder()
{
    if (!hasOlder())
        return 0;
    QList<StoredMessage> page = m_store->messages(m_conversation, kPageSize + 1, m_olderThan);
    m_hasOlder = page.size() > kPageSize;
    if (m_hasOlder)
        page.removeFirst();
    if (!page.isEmpty())
        m_olderThan = page.first().id;
    // The view has not shown the new first row yet.
    m_firstRowShown = false;
    insertStored(0, page);
    return int(page.size());
}

int TranscriptModel::loadUntil(qint64 id)
{
    const int row = rowOfStored(id);
    if (row >= 0 || !hasOlder() || id >= m_olderThan)
        return row;
    const QList<StoredMessage> rows = m_store->messagesBetween(m_conversation, id, m_olderThan);
    if (rows.isEmpty() || rows.first().id != id)
        return -1; // not a message of this conversation
    m_olderThan = id;
    m_hasOlder = !m_store->messages(m_conversation, 1, id).isEmpty();
    m_firstRowShown = false;
    insertStored(0, rows);
    return 0;
}

void TranscriptModel::setFirstRowShown(bool shown)
{
    m_firstRowShown = shown;
}

bool TranscriptModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_firstRowShown && hasOlder();
}

void TranscriptModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        loadOlder();
}

void TranscriptModel::clear()
{
    m_store = nullptr;
    m_conversation = -1;
    m_hasOlder = false;
    m_firstRowShown = false;
    beginResetModel();
    m_entries.clear();
    m_openFrom = 0;
    m_offersFrom = 0;
    endResetModel();
}

QString TranscriptModel::toMarkdown() const
{
    QString out;
    for (const Entry &e : m_entries) {
        const QString who = e.kind == Kind::System ? QStringLiteral("—")
                            : e.fromUser           ? QStringLiteral("**You**")
                                                   : QStringLiteral("**Bot**");
        out += QStringLiteral("%1 %2: ").arg(e.time.toString(QStringLiteral("HH:mm:ss")), who);
        if (e.fromUser || e.kind == Kind::System || e.kind == Kind::Text)
            out += e.text;
        else if (e.kind == Kind::Image)
            out += QStringLiteral("![image](%1)").arg(e.message.image.value_or(QString()));
        else
            out += (e.text.isEmpty() ? QString() : e.text + u' ') + QStringLiteral("`") +
                   QString::fromUtf8(QJsonDocument(e.message.toJson()).toJson(QJsonDocument::Compact)) +
                   QStringLiteral("`");
        out += QStringLiteral("\n\n");
    }
    return out;
}

QList<rasachat::RecordedMessage> TranscriptModel::recording() const
{
    QList<rasachat::RecordedMessage> out;
    for (const Entry &e : m_entries) {
        if (e.kind == Kind::System || (e.fromUser && e.delivery == Delivery::Failed))
            continue;
        rasachat::RecordedMessage m;
        if (e.fromUser) {
            m.from = rasachat::RecordedMessage::From::User;
            m.text = e.sent.text;
            m.metadata = e.sent.metadata;
        } else {
            m.from = rasachat::RecordedMessage::From::Bot;
            m.bot = e.message;
        }
        out.append(m);
    }
    return out;
}

QByteArray TranscriptModel::toJson() const
{
    QJsonArray rows;
    for (const Entry &e : m_entries) {
        QJsonObject o{{QStringLiteral("time"), e.time.toString(Qt::ISODateWithMs)},
                      {QStringLiteral("from"), e.kind == Kind::System ? QStringLiteral("system")
                                               : e.fromUser           ? QStringLiteral("user")
                                                                      : QStringLiteral("bot")}};
        if (e.fromUser || e.kind == Kind::System)
            o.insert(QStringLiteral("text"), e.text);
        else
            o.insert(QStringLiteral("message"), e.message.toJson());
        rows.append(o);
    }
    return QJsonDocument(rows).toJson(QJsonDocument::Indented);
}

} // namespace RasaChat
