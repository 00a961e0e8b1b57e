#include "messagelayoutcache.h"

#include "imagecache.h"

#include <QAbstractItemModel>
#include <algorithm>

namespace RasaChat {

MessageLayoutCache::MessageLayoutCache(ImageCache *images, QObject *parent)
    : QObject(parent), m_images(images)
{
    connect(images, &ImageCache::changed, this, &MessageLayoutCache::onImage);
}

void MessageLayoutCache::invalidate()
{
    ++m_generation;
    m_style = MessageStyle::from(m_style.font); // the system's fixed font may have changed too
    for (Slot &slot : m_slots)
        slot.layout.reset();
    m_whole = 0;
}

void MessageLayoutCache::compute(Slot &slot, const QModelIndex &index, int width)
{
    const MessageContent content = MessageContent::fromIndex(index);
    QSize imageSize;
    if (content.kind == TranscriptModel::Kind::Image) {
        const QUrl url(content.message.image.value_or(QString()));
        const QPixmap px = m_images->pixmap(url); // starts loading it the first time
        if (px.isNull()) {
            QList<QPersistentModelIndex> &rows = m_sizedBy[url];
            if (!rows.contains(index))
                rows.append(QPersistentModelIndex(index));
        } else
            imageSize = px.deviceIndependentSize().toSize();
    }
    ++m_computed;
    if (!slot.layout)
        ++m_whole;
    slot.layout = std::make_shared<const MessageLayout>(layoutMessage(content, width, m_style, imageSize));
    slot.width = width;
    slot.height = slot.layout->height;
    slot.generation = m_generation;
}

MessageLayoutCache::Slot *MessageLayoutCache::slotFor(const QModelIndex &index, int width, const QFont &font,
                                                      bool whole)
{
    if (index.model() != m_model) {
        m_model = index.model();
        m_slots.clear();
        m_whole = 0;
    }
    if (font != m_style.font) {
        m_style = MessageStyle::from(font);
        ++m_generation;
    }
    const quint64 key = index.data(TranscriptModel::LayoutKeyRole).toULongLong();
    if (key == 0)
        return nullptr; // a model that does not say when its rows change: nothing can be kept
    Slot &slot = m_slots[key];
    slot.used = ++m_clock;
    if (slot.width != width || slot.generation != m_generation || (whole && !slot.layout)) {
        compute(slot, index, width);
        if (m_whole > 2 * kKeptLayouts)
            dropOldLayouts();
        // Keys of rows that changed or went stay behind: sweep them out now and then.
        if (m_slots.size() > 2 * qsizetype(m_model->rowCount()) + 1024) {
            QHash<quint64, Slot> live;
            for (int row = 0, rows = m_model->rowCount(); row < rows; ++row) {
                const quint64 k = m_model->index(row, 0).data(TranscriptModel::LayoutKeyRole).toULongLong();
                if (auto it = m_slots.find(k); it != m_slots.end())
                    live.insert(k, std::move(*it));
            }
            m_slots = std::move(live);
            m_whole = int(std::count_if(m_slots.cbegin(), m_slots.cend(),
                                        [](const Slot &s) { return bool(s.layout); }));
            return &m_slots[key];
        }
    }
    return &slot;
}

void MessageLayoutCache::dropOldLayouts()
{
    // Keep the kKeptLayouts used last; the others keep their height only.
    QList<quint64> used;
    used.reserve(m_whole);
    for (const Slot &slot : std::as_const(m_slots))
        if (slot.layout)
            used.append(slot.used);
    if (used.size() <= kKeptLayouts)
        return;
    auto nth = used.begin() + (used.size() - kKeptLayouts);
    std::nth_element(used.begin(), nth, used.end());
    const quint64 oldestKept = *nth;
    m_whole = 0;
    for (Slot &slot : m_slots) {
        if (!slot.layout)
            continue;
        if (slot.used < oldestKept)
            slot.layout.reset();
        else
            ++m_whole;
    }
}

std::shared_ptr<const MessageLayout> MessageLayoutCache::layout(const QModelIndex &index, int width,
                                                                const QFont &font)
{
    if (Slot *slot = slotFor(index, width, font, true))
        return slot->layout;
    Slot once;
    compute(once, index, width);
    m_whole = std::max(0, m_whole - 1);
    return once.layout;
}

int MessageLayoutCache::height(const QModelIndex &index, int width, const QFont &font)
{
    if (Slot *slot = slotFor(index, width, font, false))
        return slot->height;
    return layout(index, width, font)->height;
}

void MessageLayoutCache::onImage(const QUrl &url)
{
    const QList<QPersistentModelIndex> rows = m_sizedBy.take(url);
    for (const QPersistentModelIndex &row : rows) {
        if (!row.isValid() || row.model() != m_model)
            continue;
        const quint64 key = row.data(TranscriptModel::LayoutKeyRole).toULongLong();
        if (auto it = m_slots.find(key); it != m_slots.end()) {
            if (it->layout)
                --m_whole;
            m_slots.erase(it);
        }
        emit rowChanged(row);
    }
}

} // namespace RasaChat
