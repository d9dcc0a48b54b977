namespace KafkaChaos.History;

/// <summary>A growable array that hands over its storage without a copy when it is exactly full (pre-sized builders).</summary>
internal sealed class EventList<T>(int capacity)
{
    private T[] _items = capacity == 0 ? [] : new T[capacity];

    public int Count { get; private set; }

    public T this[int index] => _items[index];

    public void Add(in T item)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, Math.Max(16, _items.Length * 2));
        }
        _items[Count++] = item;
    }

    /// <summary>Drops the storage (the list is empty afterwards).</summary>
    public void Release()
    {
        _items = [];
        Count = 0;
    }

    /// <summary>The items as an array: the storage itself when full, else a trimmed copy.</summary>
    public T[] ToArray()
    {
        if (Count != _items.Length)
        {
            Array.Resize(ref _items, Count);
        }
        return _items;
    }
}
