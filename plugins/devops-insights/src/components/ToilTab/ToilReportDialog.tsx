import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { devopsInsightsApiRef } from '../../api';
import { currentIsoWeek, recentIsoWeeks } from './isoWeek';
import {
  ReportErrors,
  reportErrorsOf,
  ReportValues,
  TOIL_CATEGORIES,
  validateReport,
} from './reportForm';

/** Weeks offered: a quarter back is enough to catch up on reporting. */
const WEEKS_OFFERED = 13;

/**
 * Self-reported toil for one entity and week, as the SRE workbook's toil
 * survey collects it. Posts as the signed-in user; the server decides
 * whether they may (`devops-insights.toil.report`).
 */
export function ToilReportDialog(props: {
  open: boolean;
  entityRef: string;
  /** Categories already reported for the entity, offered first. */
  knownCategories?: string[];
  onClose(): void;
  onCreated(): void;
}) {
  const { open, entityRef, knownCategories = [], onClose, onCreated } = props;
  const api = useApi(devopsInsightsApiRef);
  const alertApi = useApi(alertApiRef);
  const [now] = useState(() => new Date());
  const weeks = recentIsoWeeks(now, WEEKS_OFFERED);
  const [values, setValues] = useState<ReportValues>(() => ({
    week: currentIsoWeek(now),
    hours: '',
    category: '',
    description: '',
  }));
  const [errors, setErrors] = useState<ReportErrors>({ fields: {} });
  const [submitting, setSubmitting] = useState(false);
  const categories = [...new Set([...knownCategories, ...TOIL_CATEGORIES])];

  const set = (field: keyof ReportValues) => (value: string) =>
    setValues(v => ({ ...v, [field]: value }));

  const submit = async () => {
    const fields = validateReport(values);
    if (Object.keys(fields).length) {
      setErrors({ fields });
      return;
    }
    setSubmitting(true);
    setErrors({ fields: {} });
    try {
      await api.createToilReport({
        entityRef,
        week: values.week,
        hours: Number(values.hours),
        category: values.category.trim(),
        ...(values.description.trim()
          ? { description: values.description.trim() }
          : {}),
      });
      alertApi.post({
        message: `Reported ${values.hours} h of toil for ${values.week}.`,
        severity: 'success',
        display: 'transient',
      });
      setValues(v => ({ ...v, hours: '', description: '' }));
      onCreated();
      onClose();
    } catch (error) {
      setErrors(reportErrorsOf(error as Error));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="toil-report-title"
    >
      <DialogTitle id="toil-report-title">Report toil</DialogTitle>
      <DialogContent>
        <DialogContentText>
          Manual, repetitive work for <code>{entityRef}</code> that automation
          could take over. It counts as self-reported toil of the week.
        </DialogContentText>
        {errors.summary && (
          <Alert severity="error" data-testid="toil-report-error">
            {errors.summary}
          </Alert>
        )}
        <TextField
          select
          label="Week"
          value={values.week}
          onChange={e => set('week')(e.target.value)}
          error={!!errors.fields.week}
          helperText={errors.fields.week ?? 'ISO week, Monday to Sunday'}
          fullWidth
          margin="normal"
          id="toil-report-week"
        >
          {weeks.map(week => (
            <MenuItem key={week.value} value={week.value}>
              {week.label}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          label="Hours"
          id="toil-report-hours"
          type="number"
          value={values.hours}
          onChange={e => set('hours')(e.target.value)}
          inputProps={{ min: 0.25, max: 168, step: 0.25 }}
          error={!!errors.fields.hours}
          helperText={errors.fields.hours}
          required
          fullWidth
          margin="normal"
        />
        <Autocomplete
          id="toil-report-category"
          freeSolo
          options={categories}
          inputValue={values.category}
          onInputChange={(_event, value) => set('category')(value)}
          renderInput={params => (
            <TextField
              {...params}
              label="Category"
              required
              error={!!errors.fields.category}
              helperText={errors.fields.category ?? 'Pick one or type your own'}
              margin="normal"
            />
          )}
        />
        <TextField
          label="Description"
          id="toil-report-description"
          value={values.description}
          onChange={e => set('description')(e.target.value)}
          error={!!errors.fields.description}
          helperText={errors.fields.description}
          multiline
          minRows={3}
          fullWidth
          margin="normal"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          onClick={submit}
          disabled={submitting}
        >
          {submitting ? 'Reporting…' : 'Report'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
