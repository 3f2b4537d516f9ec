import * as Icons from '@ant-design/icons';
import type { ComponentProps, ComponentType } from 'react';

type IconProps = ComponentProps<typeof Icons.PlusOutlined>;

/**
 * The icons the studio uses, decorative by default: antd's icons name themselves (`aria-label="plus"`),
 * which would turn a button's accessible name "Add value" into "plus Add value". A button that is
 * only an icon carries its own `aria-label`.
 */
function decorative(Icon: ComponentType<IconProps>) {
  return function DecorativeIcon(props: IconProps) {
    return <Icon aria-hidden {...props} />;
  };
}

export const ArrowDownOutlined = decorative(Icons.ArrowDownOutlined);
export const ArrowLeftOutlined = decorative(Icons.ArrowLeftOutlined);
export const ArrowRightOutlined = decorative(Icons.ArrowRightOutlined);
export const ArrowUpOutlined = decorative(Icons.ArrowUpOutlined);
export const CaretDownOutlined = decorative(Icons.CaretDownOutlined);
export const CaretUpOutlined = decorative(Icons.CaretUpOutlined);
export const CheckOutlined = decorative(Icons.CheckOutlined);
export const CloseCircleFilled = decorative(Icons.CloseCircleFilled);
export const CloseOutlined = decorative(Icons.CloseOutlined);
export const DeleteOutlined = decorative(Icons.DeleteOutlined);
export const EditOutlined = decorative(Icons.EditOutlined);
export const ExportOutlined = decorative(Icons.ExportOutlined);
export const HolderOutlined = decorative(Icons.HolderOutlined);
export const LoadingOutlined = decorative(Icons.LoadingOutlined);
export const PlusOutlined = decorative(Icons.PlusOutlined);
export const QuestionCircleOutlined = decorative(Icons.QuestionCircleOutlined);
export const TableOutlined = decorative(Icons.TableOutlined);
export const UserSwitchOutlined = decorative(Icons.UserSwitchOutlined);
