#include "transcriptaccessible.h"

#include "messagedelegate.h"
#include "messagetext.h"
#include "transcriptmodel.h"
#include "transcriptview.h"

#include <QAbstractButton>
#include <QAccessible>
#include <QAccessibleWidget>
#include <QHash>
#include <QPersistentModelIndex>
#include <QPointer>

using rasachat::BotMessage;

namespace RasaChat {

namespace {

class MessageAccessible;

// A part of a message that can be pressed: chip `n` (a button or quick reply, also of a carousel card),
// the attachment link, or "Retry".
struct Part
{
    enum class Type { Chip, Link, Retry };
    Type type = Type::Chip;
    int chip = 0;
    int key() const { return type == Type::Chip ? chip : type == Type::Link ? -1 : -2; }
    friend bool operator==(const Part &, const Part &) = default;
};

QList<Part> partsOf(TranscriptView *view, const QModelIndex &index)
{
    QList<Part> parts;
    MessageDelegate *delegate = view->messageDelegate();
    if (!delegate)
        return parts;
    const QStyleOptionViewItem option = view->itemOption(index);
    const qsizetype chips = delegate->chips(option, index).size();
    for (int i = 0; i < chips; ++i)
        parts.append(Part{Part::Type::Chip, i});
    if (!delegate->linkRect(option, index).isNull())
        parts.append(Part{Part::Type::Link, 0});
    if (!delegate->retryRect(option, index).isNull())
        parts.append(Part{Part::Type::Retry, 0});
    return parts;
}

QRect toGlobal(TranscriptView *view, const QRect &r)
{
    return r.isNull() ? QRect() : QRect(view->viewport()->mapToGlobal(r.topLeft()), r.size());
}

// A button, quick reply, attachment link or Retry painted in a message.
class PartAccessible : public QAccessibleInterface, public QAccessibleActionInterface
{
public:
    PartAccessible(TranscriptView *view, const QModelIndex &index, Part part)
        : m_view(view), m_index(index), m_part(part)
    {}

    bool isValid() const override { return m_view && m_index.isValid() && parts().contains(m_part); }
    QObject *object() const override { return nullptr; }
    QWindow *window() const override { return m_view ? m_view->window()->windowHandle() : nullptr; }
    QAccessibleInterface *parent() const override;
    QAccessibleInterface *child(int) const override { return nullptr; }
    int childCount() const override { return 0; }
    int indexOfChild(const QAccessibleInterface *) const override { return -1; }
    QAccessibleInterface *childAt(int, int) const override { return nullptr; }
    QString text(QAccessible::Text t) const override;
    void setText(QAccessible::Text, const QString &) override {}
    QRect rect() const override;
    QAccessible::Role role() const override
    {
        return m_part.type == Part::Type::Link ? QAccessible::Link : QAccessible::Button;
    }
    QAccessible::State state() const override;
    void *interface_cast(QAccessible::InterfaceType type) override
    {
        return type == QAccessible::ActionInterface ? static_cast<QAccessibleActionInterface *>(this)
                                                    : nullptr;
    }

    QStringList actionNames() const override
    {
        return enabled() ? QStringList{pressAction()} : QStringList{};
    }
    QString localizedActionDescription(const QString &name) const override
    {
        return name == pressAction() ? MessageDelegate::tr("Sends this answer") : QString();
    }
    void doAction(const QString &name) override;
    QStringList keyBindingsForAction(const QString &) const override { return {}; }

    int key() const { return m_part.key(); }

private:
    QList<Part> parts() const { return partsOf(m_view, m_index); }
    bool enabled() const
    {
        return m_part.type != Part::Type::Chip || m_index.data(TranscriptModel::ButtonsEnabledRole).toBool();
    }
    MessageDelegate::Chip chip() const
    {
        const auto chips = m_view->messageDelegate()->chips(m_view->itemOption(m_index), m_index);
        return m_part.chip < chips.size() ? chips.at(m_part.chip) : MessageDelegate::Chip{};
    }
    AttachmentLink attachment() const
    {
        return attachmentOf(m_index.data(TranscriptModel::MessageRole).value<BotMessage>());
    }
    // The carousel card a chip belongs to (its title), or empty.
    QString cardOf() const;

    QPointer<TranscriptView> m_view;
    QPersistentModelIndex m_index;
    Part m_part;
};

// One message of the transcript.
class MessageAccessible : public QAccessibleInterface
{
public:
    MessageAccessible(TranscriptView *view, const QModelIndex &index) : m_view(view), m_index(index) {}
    ~MessageAccessible() override
    {
        for (QAccessible::Id id : std::as_const(m_parts))
            QAccessible::deleteAccessibleInterface(id);
    }

    bool isValid() const override { return m_view && m_index.isValid(); }
    QObject *object() const override { return nullptr; }
    QWindow *window() const override { return m_view ? m_view->window()->windowHandle() : nullptr; }
    QAccessibleInterface *parent() const override { return QAccessible::queryAccessibleInterface(m_view); }
    QAccessibleInterface *child(int i) const override
    {
        if (!isValid())
            return nullptr;
        const QList<Part> parts = partsOf(m_view, m_index);
        if (i < 0 || i >= parts.size())
            return nullptr;
        const Part part = parts.at(i);
        if (const QAccessible::Id id = m_parts.value(part.key()))
            return QAccessible::accessibleInterface(id);
        auto *iface = new PartAccessible(m_view, m_index, part);
        m_parts.insert(part.key(), QAccessible::registerAccessibleInterface(iface));
        return iface;
    }
    int childCount() const override { return isValid() ? int(partsOf(m_view, m_index).size()) : 0; }
    int indexOfChild(const QAccessibleInterface *child) const override
    {
        const auto *part = dynamic_cast<const PartAccessible *>(child);
        if (!part || !isValid())
            return -1;
        const QList<Part> parts = partsOf(m_view, m_index);
        for (int i = 0; i < parts.size(); ++i)
            if (parts.at(i).key() == part->key())
                return i;
        return -1;
    }
    QAccessibleInterface *childAt(int x, int y) const override
    {
        for (int i = 0; i < childCount(); ++i) {
            QAccessibleInterface *c = child(i);
            if (c && c->rect().contains(x, y))
                return c;
        }
        return nullptr;
    }
    QString text(QAccessible::Text t) const override
    {
        if (!isValid())
            return {};
        switch (t) {
        case QAccessible::Name:
            return m_index.data(Qt::AccessibleTextRole).toString();
        case QAccessible::Description:
            return m_index.data(Qt::AccessibleDescriptionRole).toString();
        default:
            return {};
        }
    }
    void setText(QAccessible::Text, const QString &) override {}
    QRect rect() const override
    {
        return isValid() ? toGlobal(m_view, m_view->visualRect(m_index)) : QRect();
    }
    QAccessible::Role role() const override { return QAccessible::ListItem; }
    QAccessible::State state() const override
    {
        QAccessible::State s;
        if (!isValid()) {
            s.invalid = true;
            return s;
        }
        s.selectable = true;
        s.focusable = true;
        s.selected = m_view->selectionModel() && m_view->selectionModel()->isSelected(m_index);
        s.focused = m_view->hasFocus() && m_view->currentIndex() == QModelIndex(m_index);
        if (!m_view->viewport()->rect().intersects(m_view->visualRect(m_index))) {
            s.invisible = true;
            s.offscreen = true;
        }
        return s;
    }

    int row() const { return m_index.row(); }

private:
    QPointer<TranscriptView> m_view;
    QPersistentModelIndex m_index;
    mutable QHash<int, QAccessible::Id> m_parts; // by Part::key()
};

// The transcript: its messages, then the view's own visible buttons ("new messages").
class TranscriptAccessible : public QAccessibleWidget
{
public:
    explicit TranscriptAccessible(TranscriptView *view) : QAccessibleWidget(view, QAccessible::List) {}
    ~TranscriptAccessible() override
    {
        for (QAccessible::Id id : std::as_const(m_items))
            QAccessible::deleteAccessibleInterface(id);
    }

    int childCount() const override { return rows() + int(extras().size()); }
    QAccessibleInterface *child(int i) const override
    {
        const int n = rows();
        if (i >= 0 && i < n)
            return item(i);
        const QList<QWidget *> more = extras();
        return i >= n && i - n < more.size() ? QAccessible::queryAccessibleInterface(more.at(i - n))
                                             : nullptr;
    }
    int indexOfChild(const QAccessibleInterface *child) const override
    {
        if (const auto *message = dynamic_cast<const MessageAccessible *>(child))
            return message->isValid() ? message->row() : -1;
        const qsizetype extra = child ? extras().indexOf(qobject_cast<QWidget *>(child->object())) : -1;
        return extra < 0 ? -1 : rows() + int(extra);
    }
    QAccessibleInterface *childAt(int x, int y) const override
    {
        for (QWidget *w : extras())
            if (w->rect().contains(w->mapFromGlobal(QPoint(x, y))))
                return QAccessible::queryAccessibleInterface(w);
        const QModelIndex index = view()->indexAt(view()->viewport()->mapFromGlobal(QPoint(x, y)));
        return index.isValid() ? item(index.row()) : nullptr;
    }
    QAccessibleInterface *focusChild() const override
    {
        const QModelIndex current = view()->currentIndex();
        return view()->hasFocus() && current.isValid() ? item(current.row()) : nullptr;
    }
    MessageAccessible *item(int row) const
    {
        if (const QAccessible::Id id = m_items.value(row, 0)) {
            auto *cached = static_cast<MessageAccessible *>(QAccessible::accessibleInterface(id));
            if (cached && cached->isValid() && cached->row() == row)
                return cached;
            reindex(); // rows moved since: file every item under its row again
            if (const QAccessible::Id again = m_items.value(row, 0))
                return static_cast<MessageAccessible *>(QAccessible::accessibleInterface(again));
        }
        QAbstractItemModel *model = view()->model();
        if (!model || row < 0 || row >= model->rowCount())
            return nullptr;
        auto *iface = new MessageAccessible(view(), model->index(row, 0));
        m_items.insert(row, QAccessible::registerAccessibleInterface(iface));
        return iface;
    }

private:
    TranscriptView *view() const { return static_cast<TranscriptView *>(widget()); }
    int rows() const { return view()->model() ? view()->model()->rowCount() : 0; }
    QList<QWidget *> extras() const
    {
        QList<QWidget *> out;
        for (QObject *o : view()->children())
            if (auto *button = qobject_cast<QAbstractButton *>(o); button && button->isVisible())
                out.append(button);
        return out;
    }
    // Items follow their message (a persistent index); one whose message is gone is deleted.
    void reindex() const
    {
        QHash<int, QAccessible::Id> items;
        for (QAccessible::Id id : std::as_const(m_items)) {
            auto *message = static_cast<MessageAccessible *>(QAccessible::accessibleInterface(id));
            if (message && message->isValid() && !items.contains(message->row()))
                items.insert(message->row(), id);
            else if (message)
                QAccessible::deleteAccessibleInterface(id);
        }
        m_items = items;
    }

    mutable QHash<int, QAccessible::Id> m_items; // by row
};

QAccessibleInterface *PartAccessible::parent() const
{
    auto *list = static_cast<TranscriptAccessible *>(QAccessible::queryAccessibleInterface(m_view));
    return list && m_index.isValid() ? list->item(m_index.row()) : nullptr;
}

QString PartAccessible::cardOf() const
{
    const BotMessage m = m_index.data(TranscriptModel::MessageRole).value<BotMessage>();
    if (!m.elements || m.kind() != BotMessage::Kind::Carousel)
        return {};
    int first = 0;
    for (const rasachat::CarouselElement &card : *m.elements) {
        if (m_part.chip < first + card.buttons.size())
            return card.title;
        first += int(card.buttons.size());
    }
    return {};
}

QString PartAccessible::text(QAccessible::Text t) const
{
    if (!isValid())
        return {};
    if (t == QAccessible::Name) {
        switch (m_part.type) {
        case Part::Type::Chip:
            return chip().title;
        case Part::Type::Link:
            return MessageDelegate::tr("Attachment: %1").arg(attachment().title);
        case Part::Type::Retry:
            return MessageDelegate::tr("Retry");
        }
    }
    if (t == QAccessible::Description) {
        QStringList what;
        if (const QString card = m_part.type == Part::Type::Chip ? cardOf() : QString(); !card.isEmpty())
            what.append(MessageDelegate::tr("Card: %1").arg(card));
        if (!enabled())
            what.append(MessageDelegate::tr("no longer offered: the conversation has moved on"));
        return what.join(QStringLiteral("; "));
    }
    return {};
}

QRect PartAccessible::rect() const
{
    if (!isValid())
        return {};
    const QStyleOptionViewItem option = m_view->itemOption(m_index);
    MessageDelegate *delegate = m_view->messageDelegate();
    switch (m_part.type) {
    case Part::Type::Chip:
        return toGlobal(m_view, chip().rect);
    case Part::Type::Link:
        return toGlobal(m_view, delegate->linkRect(option, m_index));
    case Part::Type::Retry:
        return toGlobal(m_view, delegate->retryRect(option, m_index));
    }
    return {};
}

QAccessible::State PartAccessible::state() const
{
    QAccessible::State s;
    if (!isValid()) {
        s.invalid = true;
        return s;
    }
    s.disabled = !enabled();
    const QRect r = rect();
    if (!QRect(m_view->viewport()->mapToGlobal(QPoint(0, 0)), m_view->viewport()->size()).intersects(r)) {
        s.invisible = true;
        s.offscreen = true;
    }
    return s;
}

void PartAccessible::doAction(const QString &name)
{
    if (name != pressAction() || !isValid() || !enabled())
        return;
    MessageDelegate *delegate = m_view->messageDelegate();
    switch (m_part.type) {
    case Part::Type::Chip: {
        const MessageDelegate::Chip c = chip();
        emit delegate->buttonClicked(m_index, c.title, c.payload);
        break;
    }
    case Part::Type::Link:
        emit delegate->linkActivated(attachment().url);
        break;
    case Part::Type::Retry:
        emit delegate->retryClicked(m_index);
        break;
    }
}

QAccessibleInterface *transcriptFactory(const QString &className, QObject *object)
{
    if (className == QLatin1StringView(TranscriptView::staticMetaObject.className()))
        if (auto *view = qobject_cast<TranscriptView *>(object))
            return new TranscriptAccessible(view);
    return nullptr;
}

} // namespace

void installTranscriptAccessibility()
{
    static const bool installed = [] {
        QAccessible::installFactory(transcriptFactory);
        return true;
    }();
    Q_UNUSED(installed);
}

void announceMessage(TranscriptView *view, int row)
{
    if (!QAccessible::isActive()) // no screen reader: nothing is created
        return;
    QAccessibleInterface *list = QAccessible::queryAccessibleInterface(view);
    QAccessibleInterface *message = list ? list->child(row) : nullptr;
    if (!message)
        return;
    QAccessibleEvent shown(message, QAccessible::ObjectShow);
    QAccessible::updateAccessibility(&shown);
    QAccessibleEvent alert(message, QAccessible::Alert);
    QAccessible::updateAccessibility(&alert);
}

} // namespace RasaChat
