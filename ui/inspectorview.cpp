#include "inspectorview.h"

#include "engineio/eiopacket.h"
#include "socketio/siopacket.h"

#include <QFile>
#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

using namespace rasachat;

namespace RasaChat {

InspectorModel::InspectorModel(QObject *parent) : QAbstractTableModel(parent) {}

int InspectorModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int InspectorModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString InspectorModel::eventOf(const WireRecord &r)
{
    if (r.channel != u"socketio")
        return r.summary;
    EioDecodeError eioError;
    const auto eio = decodeEioPacket(r.payload, &eioError);
    if (!eio)
        return r.payload == "<binary>" ? QStringLiteral("binary") : QStringLiteral("?");
    if (eio->type != EioType::Message)
        return eioTypeName(eio->type).toLower() +
               (eio->data.isEmpty() ? QString() : u' ' + QString::fromUtf8(eio->data));
    SioDecodeError sioError;
    const auto sio = decodeSioPacket(eio->data, &sioError);
    if (!sio)
        return QStringLiteral("malformed: %1").arg(sioError.message);
    if (sio->type == SioType::Event || sio->type == SioType::BinaryEvent)
        return sio->data.toArray().first().toString();
    return sioTypeName(sio->type);
}

QVariant InspectorModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || role != Qt::DisplayRole)
        return {};
    const WireRecord &r = m_records.at(index.row());
    switch (index.column()) {
    case TimeColumn:
        return r.time.toString(QStringLiteral("HH:mm:ss.zzz"));
    case DirectionColumn:
        return r.direction == WireRecord::Direction::Outgoing ? tr("out →") : tr("← in");
    case ChannelColumn:
        return r.channel;
    case EventColumn:
        return eventOf(r);
    case SizeColumn:
        return r.payload.size();
    default:
        return {};
    }
}

QVariant InspectorModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case DirectionColumn:
        return tr("Direction");
    case ChannelColumn:
        return tr("Channel");
    case EventColumn:
        return tr("Event");
    case SizeColumn:
        return tr("Bytes");
    default:
        return {};
    }
}

void InspectorModel::append(const WireRecord &record)
{
    const int row = int(m_records.size());
    beginInsertRows({}, row, row);
    m_records.append(record);
    endInsertRows();
}

void InspectorModel::clear()
{
    beginResetModel();
    m_records.clear();
    endResetModel();
}

QByteArray InspectorModel::toJsonLines() const
{
    QByteArray out;
    for (const WireRecord &r : m_records) {
        const QJsonObject o{{QStringLiteral("time"), r.time.toString(Qt::ISODateWithMs)},
                            {QStringLiteral("direction"), r.direction == WireRecord::Direction::Outgoing
                                                              ? QStringLiteral("out")
                                                              : QStringLiteral("in")},
                            {QStringLiteral("channel"), r.channel},
                            {QStringLiteral("summary"), r.summary},
                            {QStringLiteral("event"), eventOf(r)},
                            {QStringLiteral("payload"), QString::fromUtf8(r.payload)}};
        out += QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
    }
    return out;
}

InspectorView::InspectorView(QWidget *parent)
    : QWidget(parent), m_model(new InspectorModel(this)), m_proxy(new QSortFilterProxyModel(this)),
      m_filter(new QLineEdit(this)), m_table(new QTableView(this)), m_detail(new QPlainTextEdit(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1); // any column
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filter->setPlaceholderText(tr("Filter (event, channel, direction…)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Filter"));
    m_filter->setAccessibleDescription(tr("Shows only the records that contain this text."));
    m_table->setAccessibleName(tr("Traffic"));
    m_table->setAccessibleDescription(
        tr("Every request, response and frame of the connection: time, direction, channel, event, size."));
    m_detail->setAccessibleName(tr("Selected record"));
    m_detail->setAccessibleDescription(tr("The selected record in full, JSON indented."));
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    QHeaderView *header = m_table->horizontalHeader();
    for (int c : {InspectorModel::TimeColumn, InspectorModel::DirectionColumn, InspectorModel::ChannelColumn,
                  InspectorModel::SizeColumn})
        header->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(InspectorModel::EventColumn, QHeaderView::Stretch);
    m_table->setWordWrap(false);
    m_detail->setReadOnly(true);
    m_detail->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showDetail(current); });
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_detail);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_filter);
    layout->addWidget(split, 1);
}

void InspectorView::watch(ChatChannel *channel)
{
    if (channel)
        connect(channel, &ChatChannel::traffic, m_model, &InspectorModel::append);
}

void InspectorView::showDetail(const QModelIndex &index)
{
    if (!index.isValid()) {
        m_detail->clear();
        return;
    }
    const WireRecord &r = m_model->record(m_proxy->mapToSource(index).row());
    QByteArray body = r.payload;
    // Pretty-print what is JSON: a whole body, or the JSON inside a Socket.IO frame.
    const qsizetype json =
        body.indexOf('[') >= 0 && (body.indexOf('{') < 0 || body.indexOf('[') < body.indexOf('{'))
            ? body.indexOf('[')
            : body.indexOf('{');
    QString pretty = QString::fromUtf8(body);
    if (json >= 0) {
        const QJsonDocument doc = QJsonDocument::fromJson(body.mid(json));
        if (!doc.isNull())
            pretty = QString::fromUtf8(body.left(json)) + (json ? QStringLiteral("\n") : QString()) +
                     QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
    }
    m_detail->setPlainText(QStringLiteral("%1 %2 %3\n\n%4")
                               .arg(r.time.toString(Qt::ISODateWithMs), r.channel, r.summary, pretty));
}

void InspectorView::selectLast()
{
    if (m_proxy->rowCount() > 0)
        m_table->selectRow(m_proxy->rowCount() - 1);
}

bool InspectorView::exportTo(const QString &path, QString *error) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = file.errorString();
        return false;
    }
    file.write(m_model->toJsonLines());
    return true;
}

} // namespace RasaChat
