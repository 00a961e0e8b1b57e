#pragma once

#include "messagelayout.h"

#include <QHash>
#include <QObject>
#include <QPersistentModelIndex>
#include <QPointer>
#include <memory>

class QAbstractItemModel;

namespace RasaChat {

class ImageCache;

// The layouts of a transcript's rows, each computed once per width and font, so that a size query, a
// paint and a click reuse one layout (and one parse of the Markdown) instead of making their own.
//
// A row is known by its TranscriptModel::LayoutKeyRole, which the model changes whenever anything the row
// shows changes; rows inserted or removed around it do not disturb it. A new width or font lays rows out
// again as they are asked for; invalidate() drops everything (the view calls it when its palette, style
// or language changes); an image that arrives lays out again only the rows sized by it and emits
// rowChanged() for each. Heights are kept for every row; whole layouts (with their text documents) only
// for the rows used last, so that 100,000 rows do not keep 100,000 documents.
class MessageLayoutCache : public QObject
{
    Q_OBJECT
public:
    explicit MessageLayoutCache(ImageCache *images, QObject *parent = nullptr);

    std::shared_ptr<const MessageLayout> layout(const QModelIndex &index, int width, const QFont &font);
    int height(const QModelIndex &index, int width, const QFont &font);
    void invalidate();

    // How many times a row was laid out (the layout function ran): for tests and the benchmark.
    qint64 layoutsComputed() const { return m_computed; }
    // Whole layouts kept at most (twice this before the least recently used are dropped).
    static constexpr int kKeptLayouts = 256;

signals:
    // The row's layout changed by itself (the image it shows arrived): its height may differ.
    void rowChanged(const QModelIndex &index);

private:
    struct Slot
    {
        int width = -1;
        int height = 0;
        quint64 generation = 0;
        quint64 used = 0;
        std::shared_ptr<const MessageLayout> layout;
    };
    Slot *slotFor(const QModelIndex &index, int width, const QFont &font, bool whole);
    void compute(Slot &slot, const QModelIndex &index, int width);
    void onImage(const QUrl &url);
    void dropOldLayouts();

    ImageCache *m_images;
    QPointer<const QAbstractItemModel> m_model;
    MessageStyle m_style;
    quint64 m_generation = 1; // a slot of an older generation is laid out again
    quint64 m_clock = 0;
    qint64 m_computed = 0;
    int m_whole = 0; // slots holding a whole layout
    QHash<quint64, Slot> m_slots;
    QHash<QUrl, QList<QPersistentModelIndex>> m_sizedBy; // rows laid out with an image's placeholder size
};

} // namespace RasaChat
