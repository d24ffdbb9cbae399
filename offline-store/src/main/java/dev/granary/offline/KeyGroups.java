package dev.granary.offline;

/**
 * Rows grouped by dense key id (a stable counting sort, so file order survives within a key) and each group
 * sorted by (time, created time, row position): the order the merge join walks. Primitive arrays only.
 */
final class KeyGroups {
    /** Row positions, grouped by key then sorted by time within the key. */
    final int[] order;
    /** {@code order[starts[k] .. starts[k + 1])} are the rows of local key {@code k}. */
    final int[] starts;
    /** {@code times[i]} is the time of row {@code order[i]}: the walk reads times sequentially, not by row. */
    final long[] times;

    private KeyGroups(int[] order, int[] starts, long[] times) {
        this.order = order;
        this.starts = starts;
        this.times = times;
    }

    /**
     * Groups rows {@code 0..n} whose key is {@code >= 0} and {@code key % partitions == partition}, under local key
     * {@code key / partitions}; {@code keyCount} is the number of global keys.
     */
    static KeyGroups of(int[] keys, int n, int keyCount, int partitions, int partition, long[] time, long[] created) {
        int local = (keyCount - partition + partitions - 1) / partitions;
        int[] starts = new int[Math.max(local, 0) + 1];
        int selected = 0;
        for (int i = 0; i < n; i++) {
            int k = keys[i];
            if (k >= 0 && k % partitions == partition) {
                starts[k / partitions + 1]++;
                selected++;
            }
        }
        for (int k = 1; k < starts.length; k++) {
            starts[k] += starts[k - 1];
        }
        int[] fill = starts.clone();
        int[] order = new int[selected];
        // times (and created times) travel with the scatter, so sorting a group touches contiguous memory
        long[] times = new long[selected];
        long[] createds = created == null ? null : new long[selected];
        for (int i = 0; i < n; i++) {
            int k = keys[i];
            if (k >= 0 && k % partitions == partition) {
                int at = fill[k / partitions]++;
                order[at] = i;
                times[at] = time[i];
                if (createds != null) {
                    createds[at] = created[i];
                }
            }
        }
        int[] tmp = null;
        for (int k = 0; k + 1 < starts.length; k++) {
            int from = starts[k];
            int to = starts[k + 1];
            if (to - from > 1) {
                if (to - from <= 24) {
                    insertionSort(order, times, createds, from, to);
                } else {
                    if (tmp == null || tmp.length < to - from) {
                        tmp = new int[Math.max(to - from, 64)];
                    }
                    mergeSort(order, from, to, time, created, tmp);
                    for (int i = from; i < to; i++) {
                        times[i] = time[order[i]];
                    }
                }
            }
        }
        return new KeyGroups(order, starts, times);
    }

    /** Sorts {@code [from, to)} by (time, created, row), moving the three arrays together. */
    private static void insertionSort(int[] order, long[] times, long[] createds, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            int row = order[i];
            long t = times[i];
            long c = createds == null ? 0 : createds[i];
            int j = i - 1;
            while (j >= from && (times[j] > t || (times[j] == t
                    && (createds != null && createds[j] != c ? createds[j] > c : order[j] > row)))) {
                order[j + 1] = order[j];
                times[j + 1] = times[j];
                if (createds != null) {
                    createds[j + 1] = createds[j];
                }
                j--;
            }
            order[j + 1] = row;
            times[j + 1] = t;
            if (createds != null) {
                createds[j + 1] = c;
            }
        }
    }

    int keys() {
        return starts.length - 1;
    }

    private static boolean after(int x, int y, long[] time, long[] created) {
        if (time[x] != time[y]) {
            return time[x] > time[y];
        }
        if (created != null && created[x] != created[y]) {
            return created[x] > created[y];
        }
        return x > y;
    }

    private static void insertionSort(int[] a, int from, int to, long[] time, long[] created) {
        for (int i = from + 1; i < to; i++) {
            int v = a[i];
            int j = i - 1;
            while (j >= from && after(a[j], v, time, created)) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    private static void mergeSort(int[] a, int from, int to, long[] time, long[] created, int[] tmp) {
        if (to - from <= 24) {
            insertionSort(a, from, to, time, created);
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, from, mid, time, created, tmp);
        mergeSort(a, mid, to, time, created, tmp);
        if (!after(a[mid - 1], a[mid], time, created)) {
            return;
        }
        System.arraycopy(a, from, tmp, 0, mid - from);
        int i = 0;
        int iEnd = mid - from;
        int j = mid;
        int k = from;
        while (i < iEnd && j < to) {
            a[k++] = after(tmp[i], a[j], time, created) ? a[j++] : tmp[i++];
        }
        while (i < iEnd) {
            a[k++] = tmp[i++];
        }
    }
}
